import {
  Flow,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  requirePositiveInt,
  TimerGraphStageLogic,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Injects `inject()` when upstream has emitted nothing for `maxIdleMs` and downstream is waiting
 * for an element; it never injects against back-pressure. The idle time is checked periodically
 * (every eighth of `maxIdleMs`, at most every 100 ms).
 * - Emits when: upstream pushes, or it was idle for `maxIdleMs` and downstream pulls.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `maxIdleMs` is not a positive integer; TypeError if `inject` is not a function.
 * @see idleTimeout, Source.tick
 */
export function keepAlive<T>(maxIdleMs: number, inject: () => T): Flow<T, T, NotUsed> {
  requirePositiveInt('keepAlive', 'maxIdleMs', maxIdleMs);
  requireFunction('keepAlive', 'inject', inject);
  return Flow.fromGraph(new KeepAlive(maxIdleMs, inject));
}

class KeepAlive<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('keepAlive.in'), new Outlet<T>('keepAlive.out'));
  constructor(
    readonly maxIdleMs: number,
    readonly inject: () => T,
  ) {
    super('keepAlive');
  }
  createLogic(): GraphStageLogic {
    return new KeepAliveLogic(this);
  }
}

class KeepAliveLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  /** When the next element is due to be injected, unless upstream pushes first. */
  private deadline = 0;
  private waiting: T | undefined = undefined;
  constructor(private readonly stage: KeepAlive<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    const { maxIdleMs } = this.stage;
    this.deadline = this.now() + maxIdleMs;
    const every = Math.min(maxIdleMs, Math.max(1, Math.min(100, maxIdleMs / 8)));
    this.scheduleWithFixedDelay('check', every, every);
  }
  protected onTimer(): void {
    if (this.now() < this.deadline || !this.isAvailable(this.out)) return;
    this.deadline = this.now() + this.stage.maxIdleMs;
    this.push(this.out, this.stage.inject());
  }
  onPush(): void {
    this.deadline = this.now() + this.stage.maxIdleMs;
    const element = this.grab(this.in);
    // After an injection, upstream's answer to the earlier pull may find no demand yet.
    if (this.isAvailable(this.out)) this.push(this.out, element);
    else this.waiting = element;
  }
  onPull(): void {
    if (this.waiting !== undefined) {
      const element = this.waiting;
      this.waiting = undefined;
      this.push(this.out, element);
      if (this.isClosed(this.in)) this.completeStage();
    }
    if (!this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.waiting === undefined) this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Injects an element when upstream is idle; see {@link keepAlive}. */
    keepAlive(maxIdleMs: number, inject: () => Out): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('keepAlive', keepAlive);

import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireNonNegativeInt,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Passes the first `n` elements, then completes and cancels upstream.
 * - Emits when: upstream pushes and fewer than `n` elements have passed.
 * - Backpressures when: downstream backpressures.
 * - Completes when: `n` elements have passed, or upstream completes.
 * - Cancels when: `n` elements have passed, or downstream cancels.
 * @throws RangeError if `n` is not a non-negative integer.
 * @see takeWhile, drop, limit
 */
export function take<T>(n: number): Flow<T, T, NotUsed> {
  requireNonNegativeInt('take', 'n', n);
  return Flow.fromGraph(new Take<T>(n));
}

class Take<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('take.in'), new Outlet<T>('take.out'));
  constructor(readonly n: number) {
    super('take');
  }
  createLogic(): GraphStageLogic {
    return new TakeLogic(this);
  }
}

class TakeLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private remaining: number;
  constructor(stage: Take<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.remaining = stage.n;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    if (this.remaining === 0) this.completeStage();
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
    if (--this.remaining === 0) this.completeStage();
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes the first `n` elements, then completes; see {@link take}. */
    take(n: number): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes the first `n` elements, then completes; see {@link take}. */
    take(n: number): Flow<In, Out, Mat>;
  }
}
addFlowOperator('take', take);

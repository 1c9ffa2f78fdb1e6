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
  requirePositiveInt,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Emits windows of `n` consecutive elements, starting a new window every `step` elements. When
 * upstream completes, a last partial window is emitted if it holds elements no window emitted yet
 * (or if the stream was shorter than `n`).
 * - Emits when: a window is full, or at completion as above.
 * - Backpressures when: a window is full and downstream backpressures.
 * - Completes when: upstream completes and the last window was emitted.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `n` or `step` is not a positive integer.
 * @see grouped
 */
export function sliding<T>(n: number, step = 1): Flow<T, T[], NotUsed> {
  requirePositiveInt('sliding', 'n', n);
  requirePositiveInt('sliding', 'step', step);
  return Flow.fromGraph(new Sliding<T>(n, step));
}

class Sliding<T> extends GraphStage<FlowShape<T, T[]>> {
  readonly shape = new FlowShape(new Inlet<T>('sliding.in'), new Outlet<T[]>('sliding.out'));
  constructor(
    readonly n: number,
    readonly step: number,
  ) {
    super('sliding');
  }
  createLogic(): GraphStageLogic {
    return new SlidingLogic(this);
  }
}

// Window k covers the element indices [k * step, k * step + n). The buffer holds the elements
// from the start of the next window to emit.
class SlidingLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T[]>;
  private readonly buffer: T[] = [];
  private received = 0;
  private nextStart = 0;
  // One past the last index of the last emitted window: a partial window at completion is emitted
  // only if it holds an element at or after this.
  private emittedEnd = 0;
  constructor(private readonly stage: Sliding<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const { n, step } = this.stage;
    const element = this.grab(this.in);
    const index = this.received++;
    if (index >= this.nextStart) this.buffer.push(element);
    if (index === this.nextStart + n - 1) {
      const window = this.buffer.slice();
      this.emittedEnd = this.nextStart + n;
      this.nextStart += step;
      this.buffer.splice(0, Math.min(step, n));
      this.push(this.out, window);
    } else {
      this.pull(this.in);
    }
  }
  onPull(): void {
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.buffer.length > 0 && this.received > this.emittedEnd) {
      this.emit(this.out, this.buffer);
    }
    this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Sliding windows of `n`, `step` apart; see {@link sliding}. */
    sliding(n: number, step?: number): Repr<Kind, In, Out[], Mat>;
  }
}
addFlowOperator('sliding', sliding);

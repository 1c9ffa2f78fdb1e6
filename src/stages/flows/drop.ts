import {
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  type NotUsed,
  Outlet,
  requireNonNegativeInt,
  type StepSink,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Drops the first `n` elements, then passes the rest.
 * - Emits when: `n` elements were dropped and upstream pushes.
 * - Backpressures when: `n` elements were dropped and downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `n` is not a non-negative integer.
 * @see dropWhile, take
 */
export function drop<T>(n: number): Flow<T, T, NotUsed> {
  requireNonNegativeInt('drop', 'n', n);
  return Flow.fromGraph(new Drop<T>(n));
}

// A fusable stage: next to other fusable stages it runs as a step of one fused logic.
class Drop<T> extends FusableFlow<T, T> {
  readonly shape = new FlowShape(new Inlet<T>('drop.in'), new Outlet<T>('drop.out'));
  constructor(readonly n: number) {
    super('drop');
  }
  createStep(downstream: StepSink<T>): StepSink<T> {
    return new DropStep(this.n, downstream);
  }
}

class DropStep<T> implements StepSink<T> {
  constructor(
    private remaining: number,
    private readonly downstream: StepSink<T>,
  ) {}
  onElement(element: T): void {
    if (this.remaining > 0) this.remaining--;
    else this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Drops the first `n` elements; see {@link drop}. */
    drop(n: number): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Drops the first `n` elements; see {@link drop}. */
    drop(n: number): Flow<In, Out, Mat>;
  }
}
addFlowOperator('drop', drop);

import {
  Flow,
  type NotUsed,
  requireNonNegativeInt,
  type StepSink,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { StepFlow } from './StepFlow.js';

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
  return Flow.fromGraph(new StepFlow<T, T>('drop', (downstream) => new DropStep(n, downstream)));
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

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Drops the first `n` elements; see {@link drop}. */
    drop(n: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('drop', drop);

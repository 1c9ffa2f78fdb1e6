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
  return Flow.fromGraph(new StepFlow<T, T>('take', (downstream) => new TakeStep(n, downstream)));
}

// Completing downstream ends the fused chain, which also cancels upstream.
class TakeStep<T> implements StepSink<T> {
  constructor(
    private remaining: number,
    private readonly downstream: StepSink<T>,
  ) {}
  onStart(): void {
    if (this.remaining === 0) this.downstream.onComplete();
  }
  onElement(element: T): void {
    this.downstream.onElement(element);
    if (--this.remaining === 0) this.downstream.onComplete();
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes the first `n` elements, then completes; see {@link take}. */
    take(n: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('take', take);

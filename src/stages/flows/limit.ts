import { Flow, type NotUsed, requireNonNegativeInt, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { LimitWeighted } from './limitWeighted.js';

const one = (): number => 1;

/**
 * Passes at most `max` elements; fails the stream with `StreamLimitReachedError` when element
 * `max + 1` arrives. Unlike `take`, going past the limit is an error.
 * - Emits when: upstream pushes and at most `max` elements have passed.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels, or the limit is exceeded.
 * @throws RangeError if `max` is not a non-negative integer.
 * @see limitWeighted, take
 */
export function limit<T>(max: number): Flow<T, T, NotUsed> {
  requireNonNegativeInt('limit', 'max', max);
  return Flow.fromGraph(new LimitWeighted<T>(max, one, 'limit'));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Fails once more than `max` elements arrive; see {@link limit}. */
    limit(max: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('limit', limit);

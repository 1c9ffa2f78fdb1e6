import type { Flow, NotUsed, Source } from '../../core/index.js';
import { fuseSplit, splitFlow } from './Split.js';
import { addSubFlowOperator, type SubFlow } from './SubFlow.js';

/**
 * Splits the stream into consecutive substreams: the first element, and every element for which
 * `p` is true, starts a new one (the previous one completes). As a method it returns a
 * {@link SubFlow}; this function gives the bare flow of substreams.
 * - Emits when: a new substream starts and downstream pulls.
 * - Backpressures when: the current substream backpressures, or a new substream waits for
 *   downstream demand.
 * - Completes when: upstream completes (the current substream completes with it).
 * - Cancels when: downstream cancels and no substream is open. A cancelled substream drops
 *   elements until the next split.
 *
 * A substream not materialized (and pulled) within `subscriptionTimeoutMs` of being emitted
 * (default 5000, on the materializer's clock) fails with `SubscriptionTimeoutError` and counts as
 * cancelled.
 * @throws TypeError if `p` is not a function; RangeError if `subscriptionTimeoutMs` is negative.
 * @see splitAfter, groupBy
 */
export function splitWhen<T>(
  p: (element: T) => boolean,
  subscriptionTimeoutMs = 5_000,
): Flow<T, Source<T, NotUsed>, NotUsed> {
  return splitFlow('splitWhen', p, subscriptionTimeoutMs);
}

declare module '../../core/FlowOps.js' {
  interface FlowOpsMat<In, Out, Mat, Kind> {
    /** A new substream at each element matching `p`; see {@link splitWhen}. */
    splitWhen(
      p: (element: Out) => boolean,
      subscriptionTimeoutMs?: number,
    ): SubFlow<Out, Mat, Kind, In>;
  }
}
addSubFlowOperator('splitWhen', splitWhen, () => Number.MAX_SAFE_INTEGER, fuseSplit('splitWhen'));

import { Flow, type NotUsed, requirePositiveInt, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { Timeout } from './Timeout.js';

/**
 * Fails the stream with `StreamTimeoutError` when no element passes for `timeoutMs`. The deadline is checked periodically (every eighth of the timeout, at most every 100 ms), so the failure comes up to that much late.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes; fails when no element passed for `timeoutMs`.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `timeoutMs` is not a positive integer.
 * @see idleTimeout, completionTimeout, initialTimeout, backpressureTimeout
 */
export function idleTimeout<T>(timeoutMs: number): Flow<T, T, NotUsed> {
  requirePositiveInt('idleTimeout', 'timeoutMs', timeoutMs);
  return Flow.fromGraph(new Timeout<T>('idleTimeout', timeoutMs));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Fails the stream on a timeout; see {@link idleTimeout}. */
    idleTimeout(timeoutMs: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('idleTimeout', idleTimeout);

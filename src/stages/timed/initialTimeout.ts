import { Flow, type NotUsed, requirePositiveInt, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { Timeout } from './Timeout.js';

/**
 * Fails the stream with `StreamTimeoutError` if the first element has not arrived `timeoutMs` after the stream started.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes; fails when the first element is late.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `timeoutMs` is not a positive integer.
 * @see idleTimeout, completionTimeout, initialTimeout, backpressureTimeout
 */
export function initialTimeout<T>(timeoutMs: number): Flow<T, T, NotUsed> {
  requirePositiveInt('initialTimeout', 'timeoutMs', timeoutMs);
  return Flow.fromGraph(new Timeout<T>('initialTimeout', timeoutMs));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Fails the stream on a timeout; see {@link initialTimeout}. */
    initialTimeout(timeoutMs: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('initialTimeout', initialTimeout);

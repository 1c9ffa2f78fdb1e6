import { Flow, type NotUsed, requirePositiveInt, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { Timeout } from './Timeout.js';

/**
 * Fails the stream with `StreamTimeoutError` if it has not completed `timeoutMs` after it started.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes; fails when `timeoutMs` passed first.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `timeoutMs` is not a positive integer.
 * @see idleTimeout, completionTimeout, initialTimeout, backpressureTimeout
 */
export function completionTimeout<T>(timeoutMs: number): Flow<T, T, NotUsed> {
  requirePositiveInt('completionTimeout', 'timeoutMs', timeoutMs);
  return Flow.fromGraph(new Timeout<T>('completionTimeout', timeoutMs));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Fails the stream on a timeout; see {@link completionTimeout}. */
    completionTimeout(timeoutMs: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('completionTimeout', completionTimeout);

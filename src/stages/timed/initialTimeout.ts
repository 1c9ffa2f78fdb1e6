import { Flow, type NotUsed, requirePositiveInt } from '../../core/index.js';
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

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Fails the stream on a timeout; see {@link initialTimeout}. */
    initialTimeout(timeoutMs: number): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Fails the stream on a timeout; see {@link initialTimeout}. */
    initialTimeout(timeoutMs: number): Flow<In, Out, Mat>;
  }
}
addFlowOperator('initialTimeout', initialTimeout);

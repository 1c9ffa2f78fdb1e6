import { Flow, type NotUsed, requirePositiveInt, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { Timeout } from './Timeout.js';

/**
 * Fails the stream with `StreamTimeoutError` when downstream takes longer than `timeoutMs` to pull again after an element was emitted. Checked periodically, like `idleTimeout`.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes; fails when downstream backpressured too long.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `timeoutMs` is not a positive integer.
 * @see idleTimeout, completionTimeout, initialTimeout, backpressureTimeout
 */
export function backpressureTimeout<T>(timeoutMs: number): Flow<T, T, NotUsed> {
  requirePositiveInt('backpressureTimeout', 'timeoutMs', timeoutMs);
  return Flow.fromGraph(new Timeout<T>('backpressureTimeout', timeoutMs));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Fails the stream on a timeout; see {@link backpressureTimeout}. */
    backpressureTimeout(timeoutMs: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('backpressureTimeout', backpressureTimeout);

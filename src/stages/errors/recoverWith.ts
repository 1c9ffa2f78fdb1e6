import type { Flow, Graph, NotUsed, SourceShape, Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { recoverWithRetries } from './recoverWithRetries.js';

/**
 * On an upstream failure, switches to the source `f(error)` returns, again on each failure of
 * that source, without limit. When `f` returns `undefined` the stream fails with the error.
 * - Emits when: upstream (or the current alternative source) pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream, or the alternative source it switched to, completes.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `f` is not a function.
 * @see recoverWithRetries
 */
export function recoverWith<T>(
  f: (error: unknown) => Graph<SourceShape<T>, unknown> | undefined,
): Flow<T, T, NotUsed> {
  return recoverWithRetries(-1, f);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Switches to an alternative source on every failure; see {@link recoverWith}. */
    recoverWith(
      f: (error: unknown) => Graph<SourceShape<Out>, unknown> | undefined,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('recoverWith', recoverWith);

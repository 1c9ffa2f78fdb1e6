import {
  type Flow,
  type Graph,
  type NotUsed,
  requireFunction,
  type SourceShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { recoverWithRetries } from './recoverWithRetries.js';

/**
 * On an upstream failure, switches once to the source `f(error)` returns (Reactor's
 * `onErrorResume`). A failure of that source fails the stream; when `f` returns `undefined` the
 * error is not handled and the stream fails with it.
 * - Emits when: upstream (or the fallback source) pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream, or the fallback source it switched to, completes.
 * - Cancels when: downstream cancels (the fallback source is cancelled with it).
 * @throws TypeError if `f` is not a function.
 * @see recoverWith (switches again on every failure), onErrorComplete
 */
export function onErrorResume<T>(
  f: (error: unknown) => Graph<SourceShape<T>, unknown> | undefined,
): Flow<T, T, NotUsed> {
  requireFunction('onErrorResume', 'f', f);
  return recoverWithRetries(1, f);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Switches once to a fallback source on failure; see {@link onErrorResume}. */
    onErrorResume(
      f: (error: unknown) => Graph<SourceShape<Out>, unknown> | undefined,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('onErrorResume', onErrorResume);

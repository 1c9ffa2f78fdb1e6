import { type Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { statefulMap } from './statefulMap.js';

/**
 * Opens a resource with `create` when the stream starts, maps each element with
 * `f(resource, element)` (an `undefined` result emits nothing), and calls `close(resource)` exactly
 * once however the stream ends; at completion its result, if not `undefined`, is emitted last (on
 * cancellation or failure it is discarded). Built on `statefulMap`, whose supervision it shares.
 * - Emits when: `f` returns an element and downstream pulls; at completion, `close`'s result.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes and `close`'s result was emitted.
 * - Cancels when: downstream cancels (`close` runs).
 * @throws TypeError if `create`, `f` or `close` is not a function.
 * @see statefulMap, unfoldResource
 */
export function mapWithResource<R, In, Out>(
  create: () => R,
  f: (resource: R, element: In) => Out | undefined,
  close: (resource: R) => Out | undefined = () => undefined,
): Flow<In, Out, NotUsed> {
  requireFunction('mapWithResource', 'create', create);
  requireFunction('mapWithResource', 'f', f);
  requireFunction('mapWithResource', 'close', close);
  return statefulMap<R, In, Out>(
    create,
    (resource, element) => [resource, f(resource, element)],
    close,
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Maps with a resource opened at start and closed once; see {@link mapWithResource}. */
    mapWithResource<R, T>(
      create: () => R,
      f: (resource: R, element: Out) => T | undefined,
      close?: (resource: R) => T | undefined,
    ): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('mapWithResource', mapWithResource);

import { Flow, type FlowShape, type Graph, requireFunction } from '../../core/index.js';
import { contramap } from './contramap.js';

/**
 * Transforms both ends of `flow`: its input with `f` and its output with `g`. Keeps `flow`'s
 * materialized value. Both mappings are fusable `map` steps.
 * - Emits when: `flow` emits.
 * - Backpressures when: `flow` backpressures.
 * - Completes when: `flow` completes.
 * - Cancels when: `flow` cancels.
 * @throws TypeError if `f` or `g` is not a function.
 * @see contramap, map
 */
export function dimap<In2, In, Out, Out2, M>(
  flow: Graph<FlowShape<In, Out>, M>,
  f: (element: In2) => In,
  g: (element: Out) => Out2,
): Flow<In2, Out2, M> {
  requireFunction('dimap', 'f', f);
  requireFunction('dimap', 'g', g);
  return contramap(flow, f).map(g);
}

declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Maps the input with `f` and the output with `g`; see {@link dimap}. */
    dimap<In2, Out2>(f: (element: In2) => In, g: (element: Out) => Out2): Flow<In2, Out2, Mat>;
  }
}
Object.defineProperty(Flow.prototype, 'dimap', {
  value: function <In2, In, Out, Out2, M>(
    this: Flow<In, Out, M>,
    f: (element: In2) => In,
    g: (element: Out) => Out2,
  ): Flow<In2, Out2, M> {
    return dimap(this, f, g);
  },
  writable: true,
  configurable: true,
});

import { Flow, type FlowShape, type Graph, Keep, requireFunction } from '../../core/index.js';
import { map } from './map.js';

/**
 * Transforms the input of `flow` with `f`: each element is mapped by `f` before `flow` sees it.
 * Keeps `flow`'s materialized value. The mapping is a fusable `map` step.
 * - Emits when: `flow` emits.
 * - Backpressures when: `flow` backpressures.
 * - Completes when: `flow` completes.
 * - Cancels when: `flow` cancels.
 * @throws TypeError if `f` is not a function.
 * @see dimap, Flow.fromFunction
 */
export function contramap<In2, In, Out, M>(
  flow: Graph<FlowShape<In, Out>, M>,
  f: (element: In2) => In,
): Flow<In2, Out, M> {
  requireFunction('contramap', 'f', f);
  return map(f).viaMat(flow, Keep.right);
}

declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Maps the input of this flow with `f` first; see {@link contramap}. */
    contramap<In2>(f: (element: In2) => In): Flow<In2, Out, Mat>;
  }
}
Object.defineProperty(Flow.prototype, 'contramap', {
  value: function <In2, In, Out, M>(
    this: Flow<In, Out, M>,
    f: (element: In2) => In,
  ): Flow<In2, Out, M> {
    return contramap(this, f);
  },
  writable: true,
  configurable: true,
});

import { Flow, type NotUsed, requireFunction } from '../../core/index.js';
import { addFlowFactory } from '../fluent.js';
import { map } from './map.js';

/**
 * A flow that transforms each element with `f`: `Flow.create<In>().map(f)`, as a fusable step.
 * - Emits when: the mapping returns an element and downstream pulls.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `f` is not a function.
 * @see map
 */
export function fromFunction<In, Out>(f: (element: In) => Out): Flow<In, Out, NotUsed> {
  requireFunction('Flow.fromFunction', 'f', f);
  return map(f);
}

declare module '../../core/Flow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Flow class
  namespace Flow {
    /** A flow mapping each element with `f`; see {@link fromFunction}. */
    function fromFunction<In, Out>(f: (element: In) => Out): Flow<In, Out, NotUsed>;
  }
}
addFlowFactory('fromFunction', fromFunction);

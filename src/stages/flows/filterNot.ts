import { type Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { filter } from './filter.js';

/**
 * Passes the elements for which `p` does not hold.
 * - Emits when: upstream pushes an element for which `p` returns false.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see filter, collect
 */
export function filterNot<T>(p: (element: T) => boolean): Flow<T, T, NotUsed> {
  requireFunction('filterNot', 'p', p);
  // filter's stage with the predicate negated once, here: nothing extra is allocated per element.
  return filter((element: T) => !p(element)).named('filterNot');
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes the elements for which `p` does not hold; see {@link filterNot}. */
    filterNot(p: (element: Out) => boolean): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('filterNot', filterNot);

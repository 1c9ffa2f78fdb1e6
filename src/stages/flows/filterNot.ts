import { type Flow, type NotUsed, requireFunction } from '../../core/index.js';
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

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes the elements for which `p` does not hold; see {@link filterNot}. */
    filterNot(p: (element: Out) => boolean): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes the elements for which `p` does not hold; see {@link filterNot}. */
    filterNot(p: (element: Out) => boolean): Flow<In, Out, Mat>;
  }
}
addFlowOperator('filterNot', filterNot);

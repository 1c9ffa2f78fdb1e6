import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { Batch } from './batchWeighted.js';

const free = (): number => 0;
const self = <T>(element: T): T => element;

/**
 * While downstream is slower than upstream, folds incoming elements into one with `aggregate`, so
 * upstream is never backpressured: `conflate((a, b) => a + b)` sums what downstream had no time for.
 * - Emits when: downstream pulls and an aggregate is open.
 * - Backpressures when: never.
 * - Completes when: upstream completes and the last aggregate was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision like {@link batchWeighted}.
 * @throws TypeError if `aggregate` is not a function.
 * @see conflateWithSeed, batch, expand
 */
export function conflate<T>(aggregate: (summary: T, element: T) => T): Flow<T, T, NotUsed> {
  requireFunction('conflate', 'aggregate', aggregate);
  return Flow.fromGraph(new Batch<T, T>(1, free, self, aggregate, 'conflate'));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Folds elements together while downstream is slow; see {@link conflate}. */
    conflate(aggregate: (summary: Out, element: Out) => Out): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('conflate', conflate);

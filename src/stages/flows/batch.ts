import {
  Flow,
  type NotUsed,
  requireFunction,
  requirePositiveInt,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { Batch } from './batchWeighted.js';

const one = (): number => 1;

/**
 * While downstream is slower than upstream, aggregates up to `max` elements into a batch (the
 * first through `seed`, the rest through `aggregate`); then backpressures.
 * - Emits when: downstream pulls and a batch is open.
 * - Backpressures when: the batch holds `max` elements and downstream backpressures.
 * - Completes when: upstream completes and the last batch was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision like {@link batchWeighted}.
 * @throws RangeError if `max` is not a positive integer; TypeError if a function argument is not.
 * @see batchWeighted, conflateWithSeed, groupedWithin
 */
export function batch<In, S>(
  max: number,
  seed: (element: In) => S,
  aggregate: (batch: S, element: In) => S,
): Flow<In, S, NotUsed> {
  requirePositiveInt('batch', 'max', max);
  requireFunction('batch', 'seed', seed);
  requireFunction('batch', 'aggregate', aggregate);
  return Flow.fromGraph(new Batch(max, one, seed, aggregate, 'batch'));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Aggregates up to `max` elements while downstream is slow; see {@link batch}. */
    batch<S>(
      max: number,
      seed: (element: Out) => S,
      aggregate: (batch: S, element: Out) => S,
    ): Repr<Kind, In, S, Mat>;
  }
}
addFlowOperator('batch', batch);

import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { Batch } from './batchWeighted.js';

const free = (): number => 0;

/**
 * While downstream is slower than upstream, folds every incoming element into one summary (the
 * first through `seed`, the rest through `aggregate`), so upstream is never backpressured.
 * - Emits when: downstream pulls and a summary is open.
 * - Backpressures when: never.
 * - Completes when: upstream completes and the last summary was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision like {@link batchWeighted}.
 * @throws TypeError if a function argument is not a function.
 * @see conflate, batch, expand
 */
export function conflateWithSeed<In, S>(
  seed: (element: In) => S,
  aggregate: (summary: S, element: In) => S,
): Flow<In, S, NotUsed> {
  requireFunction('conflateWithSeed', 'seed', seed);
  requireFunction('conflateWithSeed', 'aggregate', aggregate);
  return Flow.fromGraph(new Batch(1, free, seed, aggregate, 'conflateWithSeed'));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Summarizes elements while downstream is slow; see {@link conflateWithSeed}. */
    conflateWithSeed<S>(
      seed: (element: Out) => S,
      aggregate: (summary: S, element: Out) => S,
    ): Repr<Kind, In, S, Mat>;
  }
}
addFlowOperator('conflateWithSeed', conflateWithSeed);

import { Flow, type Graph, type NotUsed, type SourceShape, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { ConcatChains } from './ConcatChains.js';
import { LazyConcat } from './LazyConcat.js';

/**
 * Emits this stream's elements, then those of `that`, which is materialized (and pulled) only
 * once upstream completed; `concat` materializes `that` with the stream. If upstream fails,
 * `that` is never materialized.
 * - Emits when: upstream, then `that`, has an element available.
 * - Backpressures when: downstream backpressures.
 * - Completes when: `that` completes.
 * - Fails when: upstream fails, or `that` fails.
 * - Cancels when: downstream cancels.
 * @see concat, prependLazy
 */
export function concatLazy<T>(that: Graph<SourceShape<T>, unknown>): Flow<T, T, NotUsed> {
  return Flow.fromGraph(
    ConcatChains.of([that], false, 'concatLazy') ?? new LazyConcat([that], false, 'concatLazy'),
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits this stream, then `that`, materialized when reached; see {@link concatLazy}. */
    concatLazy(that: Graph<SourceShape<Out>, unknown>): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('concatLazy', concatLazy);

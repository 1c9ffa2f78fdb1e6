import { Flow, type Graph, type NotUsed, type SourceShape, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { ConcatChains } from './ConcatChains.js';
import { LazyConcat } from './LazyConcat.js';

/**
 * Emits this stream's elements, then those of each of `those` in order. Each source is
 * materialized (and pulled) only once the one before it completed, so at most one runs at a time;
 * with no sources it is `identity`. If upstream fails, none of `those` is materialized.
 * - Emits when: upstream, then the current one of `those`, has an element available.
 * - Backpressures when: downstream backpressures.
 * - Completes when: the last of `those` completes (upstream, when `those` is empty).
 * - Fails when: upstream fails, or the current one of `those` fails.
 * - Cancels when: downstream cancels (the running source is cancelled too).
 * @see concatLazy, concat
 */
export function concatAllLazy<T>(...those: Graph<SourceShape<T>, unknown>[]): Flow<T, T, NotUsed> {
  return Flow.fromGraph(
    ConcatChains.of(those, false, 'concatAllLazy') ??
      new LazyConcat([...those], false, 'concatAllLazy'),
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits this stream, then each of `those`, materialized when reached; see {@link concatAllLazy}. */
    concatAllLazy(...those: Graph<SourceShape<Out>, unknown>[]): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('concatAllLazy', concatAllLazy);

import {
  type Flow,
  type Graph,
  Keep,
  type Materializer,
  requireFunction,
  type RunnableGraph,
  type SinkShape,
  Source,
} from '../../core/index.js';
import '../flows/map.js';
import { ContextOps, type WithContext } from './ContextOps.js';

/**
 * A source of `[element, context]` pairs whose operators see only the element and carry the
 * context along (a Kafka offset to commit, a request id). Made with `source.asSourceWithContext`
 * or {@link SourceWithContext.fromTuples}; its operators are those of {@link ContextOps}.
 *
 * @example
 * ```ts
 * Source.from(records)
 *   .asSourceWithContext((r) => r.offset)
 *   .map((r) => parse(r.value))
 *   .filter((order) => order.total > 0)
 *   .asSource(); // Source<readonly [Order, number], NotUsed>
 * ```
 */
export class SourceWithContext<Out, Ctx, Mat> extends ContextOps<
  'source',
  unknown,
  unknown,
  Out,
  Ctx,
  Mat
> {
  protected readonly label = 'SourceWithContext';

  /** Wraps a source of `[element, context]` pairs; same as {@link SourceWithContext.fromTuples}. */
  constructor(private readonly pairs: Source<WithContext<Out, Ctx>, Mat>) {
    super();
  }

  /** A SourceWithContext over a source of `[element, context]` pairs. */
  static fromTuples<Out, Ctx, Mat>(
    source: Source<WithContext<Out, Ctx>, Mat>,
  ): SourceWithContext<Out, Ctx, Mat> {
    return new SourceWithContext(source);
  }

  protected viaPairs<O2, C2>(
    flow: Flow<WithContext<Out, Ctx>, WithContext<O2, C2>, unknown>,
  ): SourceWithContext<O2, C2, Mat> {
    return new SourceWithContext(this.pairs.via(flow));
  }

  /** Back to a source of `[element, context]` pairs. */
  asSource(): Source<WithContext<Out, Ctx>, Mat> {
    return this.pairs;
  }

  /** Closes the pairs into `sink`; keeps this source's materialized value. */
  to<M2>(sink: Graph<SinkShape<WithContext<Out, Ctx>>, M2>): RunnableGraph<Mat> {
    return this.pairs.to(sink);
  }

  /** Closes the pairs into `sink` and combines both materialized values. */
  toMat<M2, M3>(
    sink: Graph<SinkShape<WithContext<Out, Ctx>>, M2>,
    combine: (left: Mat, right: M2) => M3,
  ): RunnableGraph<M3> {
    return this.pairs.toMat(sink, combine);
  }

  /** Runs the pairs into `sink`; returns the sink's materialized value. */
  runWith<M2>(sink: Graph<SinkShape<WithContext<Out, Ctx>>, M2>, materializer?: Materializer): M2 {
    return this.pairs.toMat(sink, Keep.right).run(materializer);
  }

  /** Transforms the materialized value. */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): SourceWithContext<Out, Ctx, M2> {
    return new SourceWithContext(this.pairs.mapMaterializedValue(f));
  }
}

/**
 * Pairs each element with the context `extract` takes from it.
 * @throws TypeError if `extract` is not a function.
 */
export function asSourceWithContext<Out, Ctx, Mat>(
  source: Source<Out, Mat>,
  extract: (element: Out) => Ctx,
): SourceWithContext<Out, Ctx, Mat> {
  requireFunction('asSourceWithContext', 'extract', extract);
  return new SourceWithContext(
    source.map((element): WithContext<Out, Ctx> => [element, extract(element)]),
  );
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Pairs each element with the context `extract` takes from it; see {@link SourceWithContext}. */
    asSourceWithContext<Ctx>(extract: (element: Out) => Ctx): SourceWithContext<Out, Ctx, Mat>;
  }
}
Object.defineProperty(Source.prototype, 'asSourceWithContext', {
  value: function <Out, Ctx, Mat>(this: Source<Out, Mat>, extract: (element: Out) => Ctx) {
    return asSourceWithContext(this, extract);
  },
  writable: true,
  configurable: true,
});

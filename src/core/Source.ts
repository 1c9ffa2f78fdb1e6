import type { Attributes } from './Attributes.js';
import { Blueprint, type MatFn } from './Blueprint.js';
import type { FlowOpsMat } from './FlowOps.js';
import { blueprintOf, type Graph } from './Graph.js';
import type { Materializer } from './Materializer.js';
import { Outlet } from './Outlet.js';
import { RunnableGraph } from './RunnableGraph.js';
import { type FlowShape, type SinkShape, SourceShape } from './Shape.js';

/**
 * A blueprint of a stream with one output: elements of type `Out`, a materialized value of type
 * `Mat`. Immutable: every method returns a new blueprint, and each run materializes it afresh.
 * Operators (`map`, `filter`, `mapAsync`, ...) come from the operator library.
 *
 * @example
 * ```ts
 * const sum = await Source.range(1, 100).filter((x) => x % 2 === 0).runWith(Sink.fold(0, (a, x) => a + x));
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface at the end of the file
export class Source<Out, Mat> implements Graph<SourceShape<Out>, Mat> {
  declare readonly __mat?: Mat;
  /** @internal How to materialize it; kept out of the published declarations. */
  readonly blueprint: Blueprint;
  readonly shape: SourceShape<Out>;
  /** @internal */
  constructor(blueprint: Blueprint, shape: SourceShape<Out>) {
    this.blueprint = blueprint;
    this.shape = shape;
  }

  /** A Source from a stage or a graph with a source shape. */
  static fromGraph<T, M>(graph: Graph<SourceShape<T>, M>): Source<T, M> {
    if (graph instanceof Source) return graph as Source<T, M>;
    return new Source(blueprintOf(graph), new SourceShape(new Outlet<T>(graph.shape.out.name)));
  }

  /** Attaches a flow; keeps this source's materialized value. */
  via<T, M2>(flow: Graph<FlowShape<Out, T>, M2>): Source<T, Mat> {
    return this.viaBlueprint(blueprintOf(flow), flow.shape.out.name, this.blueprint.mat);
  }

  /** Attaches a flow and combines both materialized values. */
  viaMat<T, M2, M3>(
    flow: Graph<FlowShape<Out, T>, M2>,
    combine: (left: Mat, right: M2) => M3,
  ): Source<T, M3> {
    const left = this.blueprint.mat;
    const offset = this.blueprint.stages.length;
    const right = blueprintOf(flow).mat;
    return this.viaBlueprint(blueprintOf(flow), flow.shape.out.name, (mats, base) =>
      combine(left(mats, base) as Mat, right(mats, base + offset) as M2),
    );
  }

  private viaBlueprint<T, M>(flow: Blueprint, outName: string, mat: MatFn): Source<T, M> {
    return new Source(
      this.blueprint.compose(flow, [[0, 0]], mat),
      new SourceShape(new Outlet<T>(outName)),
    );
  }

  /** Attaches a sink; keeps this source's materialized value. */
  to<M2>(sink: Graph<SinkShape<Out>, M2>): RunnableGraph<Mat> {
    return new RunnableGraph(
      this.blueprint.compose(blueprintOf(sink), [[0, 0]], this.blueprint.mat),
    );
  }

  /** Attaches a sink and combines both materialized values. */
  toMat<M2, M3>(
    sink: Graph<SinkShape<Out>, M2>,
    combine: (left: Mat, right: M2) => M3,
  ): RunnableGraph<M3> {
    const left = this.blueprint.mat;
    const offset = this.blueprint.stages.length;
    const right = blueprintOf(sink).mat;
    return new RunnableGraph(
      this.blueprint.compose(blueprintOf(sink), [[0, 0]], (mats, base) =>
        combine(left(mats, base) as Mat, right(mats, base + offset) as M2),
      ),
    );
  }

  /** Runs this source into `sink`; returns the sink's materialized value. */
  runWith<M2>(sink: Graph<SinkShape<Out>, M2>, materializer?: Materializer): M2 {
    return this.toMat(sink, (_l: Mat, r: M2) => r).run(materializer);
  }

  /** Transforms the materialized value. */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): Source<Out, M2> {
    const inner = this.blueprint.mat;
    return new Source(
      this.blueprint.withMat((mats, base) => f(inner(mats, base) as Mat)),
      this.shape,
    );
  }

  /** Puts everything composed so far into its own island behind a bounded async boundary. */
  async(): Source<Out, Mat> {
    return new Source(this.blueprint.async(), this.shape);
  }

  /** Names the stage (for errors and logs). */
  named(name: string): Source<Out, Mat> {
    return new Source(this.blueprint.named(name), this.shape);
  }

  /** Adds attributes to every stage composed so far (a stage's own values win). */
  withAttributes(attributes: Attributes): Source<Out, Mat> {
    return new Source(this.blueprint.withAttributes(attributes), this.shape);
  }

  /** Same as {@link withAttributes}. */
  addAttributes(attributes: Attributes): Source<Out, Mat> {
    return this.withAttributes(attributes);
  }
}

/** The operators of a {@link Source}: see `FlowOps`, installed by the operator library when it is imported. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the members are FlowOpsMat's
export interface Source<Out, Mat> extends FlowOpsMat<never, Out, Mat, 'source'> {}

import type { Attributes } from './Attributes.js';
import { Blueprint, type MatFn } from './Blueprint.js';
import type { FlowOpsMat } from './FlowOps.js';
import { blueprintOf, type Graph } from './Graph.js';
import { Inlet } from './Inlet.js';
import { Outlet } from './Outlet.js';
import { FlowShape, SinkShape } from './Shape.js';
import { Sink } from './Sink.js';

/**
 * A blueprint of a processing step with one input and one output. Compose it with `via` onto a
 * Source or another Flow, or close it with `to` into a Sink.
 *
 * @example
 * ```ts
 * const parse = Flow.create<string>().map((s) => Number(s)).filter((n) => !Number.isNaN(n));
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface at the end of the file
export class Flow<In, Out, Mat> implements Graph<FlowShape<In, Out>, Mat> {
  declare readonly __mat?: Mat;
  /** @internal How to materialize it; kept out of the published declarations. */
  readonly blueprint: Blueprint;
  readonly shape: FlowShape<In, Out>;
  /** @internal */
  constructor(blueprint: Blueprint, shape: FlowShape<In, Out>) {
    this.blueprint = blueprint;
    this.shape = shape;
  }

  /** A Flow from a stage or a graph with a flow shape. */
  static fromGraph<I, O, M>(graph: Graph<FlowShape<I, O>, M>): Flow<I, O, M> {
    if (graph instanceof Flow) return graph as Flow<I, O, M>;
    return new Flow(
      blueprintOf(graph),
      new FlowShape(new Inlet<I>(graph.shape.in.name), new Outlet<O>(graph.shape.out.name)),
    );
  }

  /** Attaches another flow; keeps this flow's materialized value. */
  via<T, M2>(flow: Graph<FlowShape<Out, T>, M2>): Flow<In, T, Mat> {
    return this.viaBlueprint(blueprintOf(flow), flow.shape.out.name, this.blueprint.mat);
  }

  /** Attaches another flow and combines both materialized values. */
  viaMat<T, M2, M3>(
    flow: Graph<FlowShape<Out, T>, M2>,
    combine: (left: Mat, right: M2) => M3,
  ): Flow<In, T, M3> {
    const left = this.blueprint.mat;
    const offset = this.blueprint.stages.length;
    const right = blueprintOf(flow).mat;
    return this.viaBlueprint(blueprintOf(flow), flow.shape.out.name, (mats, base) =>
      combine(left(mats, base) as Mat, right(mats, base + offset) as M2),
    );
  }

  private viaBlueprint<T, M>(flow: Blueprint, outName: string, mat: MatFn): Flow<In, T, M> {
    return new Flow(
      this.blueprint.compose(flow, [[0, 0]], mat),
      new FlowShape(this.shape.in, new Outlet<T>(outName)),
    );
  }

  /** Closes this flow with a sink; keeps this flow's materialized value. */
  to<M2>(sink: Graph<SinkShape<Out>, M2>): Sink<In, Mat> {
    return new Sink(
      this.blueprint.compose(blueprintOf(sink), [[0, 0]], this.blueprint.mat),
      this.sinkShape(),
    );
  }

  /** Closes this flow with a sink and combines both materialized values. */
  toMat<M2, M3>(
    sink: Graph<SinkShape<Out>, M2>,
    combine: (left: Mat, right: M2) => M3,
  ): Sink<In, M3> {
    const left = this.blueprint.mat;
    const offset = this.blueprint.stages.length;
    const right = blueprintOf(sink).mat;
    return new Sink(
      this.blueprint.compose(blueprintOf(sink), [[0, 0]], (mats, base) =>
        combine(left(mats, base) as Mat, right(mats, base + offset) as M2),
      ),
      this.sinkShape(),
    );
  }

  private sinkShape(): SinkShape<In> {
    return new SinkShape(new Inlet<In>(this.shape.in.name));
  }

  /** Transforms the materialized value. */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): Flow<In, Out, M2> {
    const inner = this.blueprint.mat;
    return new Flow(
      this.blueprint.withMat((mats, base) => f(inner(mats, base) as Mat)),
      this.shape,
    );
  }

  /** Puts everything composed so far into its own island behind a bounded async boundary. */
  async(): Flow<In, Out, Mat> {
    return new Flow(this.blueprint.async(), this.shape);
  }

  /** Names the stage (for errors and logs). */
  named(name: string): Flow<In, Out, Mat> {
    return new Flow(this.blueprint.named(name), this.shape);
  }

  /** Adds attributes to every stage composed so far (a stage's own values win). */
  withAttributes(attributes: Attributes): Flow<In, Out, Mat> {
    return new Flow(this.blueprint.withAttributes(attributes), this.shape);
  }

  /** Same as {@link withAttributes}. */
  addAttributes(attributes: Attributes): Flow<In, Out, Mat> {
    return this.withAttributes(attributes);
  }
}

/** The operators of a {@link Flow}: see `FlowOps`, installed by the operator library when it is imported. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the members are FlowOpsMat's
export interface Flow<In, Out, Mat> extends FlowOpsMat<In, Out, Mat, 'flow'> {}

import type { Attributes } from './Attributes.js';
import type { Blueprint } from './Blueprint.js';
import { blueprintOf, type Graph } from './Graph.js';
import { Inlet } from './Inlet.js';
import { SinkShape } from './Shape.js';

/**
 * A blueprint of a stream's end, with one input. Its materialized value is usually a promise of
 * the result (`Sink.seq()`, `Sink.fold(...)`) that rejects if the stream fails.
 */
export class Sink<In, Mat> implements Graph<SinkShape<In>, Mat> {
  declare readonly __mat?: Mat;
  /** @internal How to materialize it; kept out of the published declarations. */
  readonly blueprint: Blueprint;
  readonly shape: SinkShape<In>;
  /** @internal */
  constructor(blueprint: Blueprint, shape: SinkShape<In>) {
    this.blueprint = blueprint;
    this.shape = shape;
  }

  /** A Sink from a stage or a graph with a sink shape. */
  static fromGraph<T, M>(graph: Graph<SinkShape<T>, M>): Sink<T, M> {
    if (graph instanceof Sink) return graph as Sink<T, M>;
    return new Sink(blueprintOf(graph), new SinkShape(new Inlet<T>(graph.shape.in.name)));
  }

  /** Transforms the materialized value. */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): Sink<In, M2> {
    const inner = this.blueprint.mat;
    return new Sink(
      this.blueprint.withMat((mats, base) => f(inner(mats, base) as Mat)),
      this.shape,
    );
  }

  /** Puts this sink into its own island behind a bounded async boundary. */
  async(): Sink<In, Mat> {
    return new Sink(this.blueprint.async(), this.shape);
  }

  /** Names the stage (for errors and logs). */
  named(name: string): Sink<In, Mat> {
    return new Sink(this.blueprint.named(name), this.shape);
  }

  /** Adds attributes to every stage of the sink (a stage's own values win). */
  withAttributes(attributes: Attributes): Sink<In, Mat> {
    return new Sink(this.blueprint.withAttributes(attributes), this.shape);
  }
}

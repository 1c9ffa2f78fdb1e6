import type { Attributes } from './Attributes.js';
import type { Blueprint } from './Blueprint.js';
import type { Graph } from './Graph.js';
import { Materializer } from './Materializer.js';
import { ClosedShape } from './Shape.js';

/**
 * A closed graph, ready to run. Every `run` materializes it afresh: new logics, a new
 * materialized value.
 */
export class RunnableGraph<Mat> implements Graph<ClosedShape, Mat> {
  declare readonly __mat?: Mat;
  readonly shape = ClosedShape.instance;
  /** @internal How to materialize it; kept out of the published declarations. */
  readonly blueprint: Blueprint;
  /** @internal */
  constructor(blueprint: Blueprint) {
    this.blueprint = blueprint;
  }

  /** A runnable graph from a closed graph built with `GraphDSL`. */
  static fromGraph<M>(graph: Graph<ClosedShape, M>): RunnableGraph<M> {
    return new RunnableGraph(graph.blueprint);
  }

  /** Materializes and starts the graph; returns its materialized value. */
  run(materializer: Materializer = Materializer.default()): Mat {
    return materializer.materialize(this.blueprint) as Mat;
  }

  /** Transforms the materialized value. */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): RunnableGraph<M2> {
    const inner = this.blueprint.mat;
    return new RunnableGraph(this.blueprint.withMat((mats, base) => f(inner(mats, base) as Mat)));
  }

  /** Adds attributes to every stage of the graph. */
  withAttributes(attributes: Attributes): RunnableGraph<Mat> {
    return new RunnableGraph(this.blueprint.withAttributes(attributes));
  }
}

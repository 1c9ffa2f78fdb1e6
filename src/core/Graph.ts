import type { Blueprint } from './Blueprint.js';
import type { Shape } from './Shape.js';

/**
 * Anything that can be composed into a graph: a DSL blueprint (`Source`, `Flow`, `Sink`, a
 * `GraphDSL` result) or a bare stage (`GraphStage`). `M` is the value its materialization hands
 * back.
 */
export interface Graph<S extends Shape, M> {
  readonly shape: S;
  /** @internal */
  readonly blueprint: Blueprint;
  /** Phantom member carrying the materialized value's type. */
  readonly __mat?: M;
}

/** @internal The blueprint of a graph or a bare stage. */
export function blueprintOf<S extends Shape, M>(graph: Graph<S, M>): Blueprint {
  return graph.blueprint;
}

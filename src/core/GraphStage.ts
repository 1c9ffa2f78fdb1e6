import { Attributes } from './Attributes.js';
import { Blueprint } from './Blueprint.js';
import type { Graph } from './Graph.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import { NotUsed } from './NotUsed.js';
import type { Shape } from './Shape.js';

/**
 * The blueprint of a stage with a materialized value: its shape, its default attributes, and a
 * factory for the logic that runs it. The blueprint is immutable and reusable: every
 * materialization calls `createLogicAndMaterializedValue` again, and all mutable state lives in the
 * logic it returns. A stage is a {@link Graph}: it goes straight into `via`, `to`, `runWith` or
 * `GraphDSL`'s `add`, as Pekko accepts any graph of the right shape.
 */
export abstract class GraphStageWithMaterializedValue<S extends Shape, Mat> implements Graph<
  S,
  Mat
> {
  abstract readonly shape: S;
  declare readonly __mat?: Mat;
  /** The stage's default attributes; its name is the label used in errors (`take#3`). */
  readonly initialAttributes: Attributes;
  constructor(name: string, attributes: Attributes = Attributes.none) {
    this.initialAttributes = Attributes.name(name).and(attributes);
  }
  /** @internal This stage as a one-stage graph. */
  get blueprint(): Blueprint {
    return Blueprint.ofStage(this);
  }
  /** Creates the logic for one materialization and the value it hands to the user. */
  abstract createLogicAndMaterializedValue(
    inheritedAttributes: Attributes,
  ): readonly [GraphStageLogic, Mat];
}

/**
 * A stage whose materialized value is {@link NotUsed}: implement `createLogic`.
 *
 * @example
 * ```ts
 * class Double extends GraphStage<FlowShape<number, number>> {
 *   readonly shape = new FlowShape(new Inlet<number>('double.in'), new Outlet<number>('double.out'));
 *   constructor() { super('double'); }
 *   createLogic(): GraphStageLogic { return new DoubleLogic(this.shape); }
 * }
 * ```
 */
export abstract class GraphStage<S extends Shape> extends GraphStageWithMaterializedValue<
  S,
  NotUsed
> {
  /** Creates the logic for one materialization. */
  abstract createLogic(inheritedAttributes: Attributes): GraphStageLogic;
  createLogicAndMaterializedValue(
    inheritedAttributes: Attributes,
  ): readonly [GraphStageLogic, NotUsed] {
    return [this.createLogic(inheritedAttributes), NotUsed];
  }
}

import type { Attributes } from './Attributes.js';
import { Blueprint, type Edge, type MatFn, type PortRef } from './Blueprint.js';
import { Flow } from './Flow.js';
import { blueprintOf, type Graph } from './Graph.js';
import { Inlet } from './Inlet.js';
import { NotUsed } from './NotUsed.js';
import { Outlet } from './Outlet.js';
import { BidiShape, FlowShape } from './Shape.js';

/**
 * A blueprint of two flows running in opposite directions, as a layer of a protocol stack: the top
 * flow takes `I1` from above and emits `O1` downwards, the bottom flow takes `I2` from below and
 * emits `O2` upwards. Stack layers with `atop`, and close the stack into a Flow with `join`.
 *
 * ```
 *        +------+
 *  I1 ~> |      | ~> O1
 *        | bidi |
 *  O2 <~ |      | <~ I2
 *        +------+
 * ```
 *
 * @example
 * ```ts
 * const codec = BidiFlow.fromFunctions((s: string) => Buffer.from(s), (b: Buffer) => b.toString());
 * const echo = codec.join(Flow.create<Buffer>()); // Flow<string, string, NotUsed>
 * ```
 */
export class BidiFlow<I1, O1, I2, O2, Mat> implements Graph<BidiShape<I1, O1, I2, O2>, Mat> {
  declare readonly __mat?: Mat;
  /** @internal How to materialize it; kept out of the published declarations. */
  readonly blueprint: Blueprint;
  readonly shape: BidiShape<I1, O1, I2, O2>;
  /** @internal */
  constructor(blueprint: Blueprint, shape: BidiShape<I1, O1, I2, O2>) {
    this.blueprint = blueprint;
    this.shape = shape;
  }

  /** A BidiFlow from a stage or a graph with a bidi shape (built with `GraphDSL`). */
  static fromGraph<I1, O1, I2, O2, M>(
    graph: Graph<BidiShape<I1, O1, I2, O2>, M>,
  ): BidiFlow<I1, O1, I2, O2, M> {
    if (graph instanceof BidiFlow) return graph as BidiFlow<I1, O1, I2, O2, M>;
    const s = graph.shape;
    return new BidiFlow(
      blueprintOf(graph),
      bidiShape(s.in1.name, s.out1.name, s.in2.name, s.out2.name),
    );
  }

  /** Two independent flows side by side: `top` from I1 to O1, `bottom` from I2 to O2. */
  static fromFlows<I1, O1, I2, O2>(
    top: Graph<FlowShape<I1, O1>, unknown>,
    bottom: Graph<FlowShape<I2, O2>, unknown>,
  ): BidiFlow<I1, O1, I2, O2, NotUsed> {
    return BidiFlow.fromFlowsMat(top, bottom, () => NotUsed);
  }

  /** {@link fromFlows}, combining the flows' materialized values with `combine`. */
  static fromFlowsMat<I1, O1, I2, O2, M1, M2, M>(
    top: Graph<FlowShape<I1, O1>, M1>,
    bottom: Graph<FlowShape<I2, O2>, M2>,
    combine: (top: M1, bottom: M2) => M,
  ): BidiFlow<I1, O1, I2, O2, M> {
    const upper = blueprintOf(top);
    // Side by side, the ports are already in bidi order: ins [top, bottom], outs [top, bottom].
    const both = upper.compose(
      blueprintOf(bottom),
      [],
      sideBySide(upper, blueprintOf(bottom), combine),
    );
    return new BidiFlow(
      both,
      bidiShape(top.shape.in.name, top.shape.out.name, bottom.shape.in.name, bottom.shape.out.name),
    );
  }

  /**
   * Stacks `other` below this one: this top's output feeds `other`'s top, and `other`'s bottom
   * output feeds this bottom. Keeps this materialized value.
   */
  atop<OO1, II2, M2>(
    other: Graph<BidiShape<O1, OO1, II2, I2>, M2>,
  ): BidiFlow<I1, OO1, II2, O2, Mat> {
    return this.atopMat(other, (left: Mat) => left);
  }

  /** {@link atop}, combining both materialized values with `combine`. */
  atopMat<OO1, II2, M2, M>(
    other: Graph<BidiShape<O1, OO1, II2, I2>, M2>,
    combine: (left: Mat, right: M2) => M,
  ): BidiFlow<I1, OO1, II2, O2, M> {
    const lower = blueprintOf(other);
    const both = this.blueprint.compose(lower, [], sideBySide(this.blueprint, lower, combine));
    // Ports side by side: ins [this.in1, this.in2, other.in1, other.in2], outs likewise.
    const linked = link(both, [
      [0, 2],
      [3, 1],
    ]);
    return new BidiFlow(
      linked.withPorts(pick(both.ins, 0, 3), pick(both.outs, 2, 1)),
      bidiShape(
        this.shape.in1.name,
        other.shape.out1.name,
        other.shape.in2.name,
        this.shape.out2.name,
      ),
    );
  }

  /**
   * Closes the bottom of the stack with `flow`: this top's output runs through `flow` and back into
   * this bottom, leaving a Flow from I1 to O2. Keeps this materialized value.
   */
  join<M2>(flow: Graph<FlowShape<O1, I2>, M2>): Flow<I1, O2, Mat> {
    return this.joinMat(flow, (left: Mat) => left);
  }

  /** {@link join}, combining both materialized values with `combine`. */
  joinMat<M2, M>(
    flow: Graph<FlowShape<O1, I2>, M2>,
    combine: (left: Mat, right: M2) => M,
  ): Flow<I1, O2, M> {
    const inner = blueprintOf(flow);
    const both = this.blueprint.compose(inner, [], sideBySide(this.blueprint, inner, combine));
    // Ports side by side: ins [in1, in2, flow.in], outs [out1, out2, flow.out].
    const linked = link(both, [
      [0, 2],
      [2, 1],
    ]);
    return new Flow(
      linked.withPorts(pick(both.ins, 0), pick(both.outs, 1)),
      new FlowShape(new Inlet<I1>(this.shape.in1.name), new Outlet<O2>(this.shape.out2.name)),
    );
  }

  /** The same layer upside down: the bottom flow becomes the top one. */
  reversed(): BidiFlow<I2, O2, I1, O1, Mat> {
    const b = this.blueprint;
    const s = this.shape;
    return new BidiFlow(
      b.withPorts(pick(b.ins, 1, 0), pick(b.outs, 1, 0)),
      bidiShape(s.in2.name, s.out2.name, s.in1.name, s.out1.name),
    );
  }

  /** Transforms the materialized value. */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): BidiFlow<I1, O1, I2, O2, M2> {
    const inner = this.blueprint.mat;
    return new BidiFlow(
      this.blueprint.withMat((mats, base) => f(inner(mats, base) as Mat)),
      this.shape,
    );
  }

  /** Puts everything composed so far into its own island behind a bounded async boundary. */
  async(): BidiFlow<I1, O1, I2, O2, Mat> {
    return new BidiFlow(this.blueprint.async(), this.shape);
  }

  /** Names the stages (for errors and logs). */
  named(name: string): BidiFlow<I1, O1, I2, O2, Mat> {
    return new BidiFlow(this.blueprint.named(name), this.shape);
  }

  /** Adds attributes to every stage composed so far (a stage's own values win). */
  withAttributes(attributes: Attributes): BidiFlow<I1, O1, I2, O2, Mat> {
    return new BidiFlow(this.blueprint.withAttributes(attributes), this.shape);
  }
}

function bidiShape<I1, O1, I2, O2>(
  in1: string,
  out1: string,
  in2: string,
  out2: string,
): BidiShape<I1, O1, I2, O2> {
  return new BidiShape(
    new Inlet<I1>(in1),
    new Outlet<O1>(out1),
    new Inlet<I2>(in2),
    new Outlet<O2>(out2),
  );
}

/** The materialized value of `left.compose(right, ...)`: `combine` of each side's own value. */
function sideBySide<L, R, M>(left: Blueprint, right: Blueprint, combine: (l: L, r: R) => M): MatFn {
  const offset = left.stages.length;
  const leftMat = left.mat;
  const rightMat = right.mat;
  return (mats, base) => combine(leftMat(mats, base) as L, rightMat(mats, base + offset) as R);
}

/**
 * Adds the edges `outs[i] -> ins[j]` of a side-by-side blueprint. `compose` only links the left
 * part's outlets to the right part's inlets; a bidi stack also needs the way back up.
 */
function link(b: Blueprint, links: readonly (readonly [number, number])[]): Blueprint {
  const edges: Edge[] = links.map(([i, j]) => ({
    from: b.outs[i] as PortRef,
    to: b.ins[j] as PortRef,
  }));
  return new Blueprint(b.stages, [...b.edges, ...edges], b.ins, b.outs, b.mat);
}

function pick(refs: readonly PortRef[], ...indices: number[]): PortRef[] {
  return indices.map((i) => refs[i] as PortRef);
}

declare module './Flow.js' {
  interface Flow<In, Out, Mat> {
    /**
     * Closes the stack `bidi` with this flow at its bottom, seen from the flow's side (Pekko's
     * `Flow.join(bidi)`): elements enter at `bidi.in2`, go down `bidi`'s bottom flow into this
     * flow, and leave up `bidi`'s top flow at `bidi.out1`. Keeps this flow's materialized value;
     * the same as `bidi.reversed().joinMat(flow, Keep.right)`.
     */
    join<I2, O2>(bidi: Graph<BidiShape<Out, O2, I2, In>, unknown>): Flow<I2, O2, Mat>;
  }
}
Object.defineProperty(Flow.prototype, 'join', {
  value: function <In, Out, Mat, I2, O2>(
    this: Flow<In, Out, Mat>,
    bidi: Graph<BidiShape<Out, O2, I2, In>, unknown>,
  ): Flow<I2, O2, Mat> {
    return BidiFlow.fromGraph(bidi)
      .reversed()
      .joinMat(this, (_bidi: unknown, flow: Mat) => flow);
  },
  writable: true,
  configurable: true,
});

import { Blueprint, type Edge, type MatFn, type PortRef } from './Blueprint.js';
import { GraphBuildError } from './errors.js';
import { blueprintOf, type Graph } from './Graph.js';
import type { Inlet } from './Inlet.js';
import { NotUsed } from './NotUsed.js';
import type { Outlet } from './Outlet.js';
import type { Shape } from './Shape.js';

/** Something a builder can import: a graph or a bare stage. */
export type Importable<S extends Shape, M> = Graph<S, M>;

/** The shapes of a tuple of importables. */
export type ShapesOf<G extends readonly Importable<Shape, unknown>[]> = {
  [K in keyof G]: G[K] extends Importable<infer S, unknown> ? S : never;
};

/** The materialized values of a tuple of importables. */
export type MatsOf<G extends readonly Importable<Shape, unknown>[]> = {
  [K in keyof G]: G[K] extends Importable<Shape, infer M> ? M : never;
};

/** Builds a graph of any shape: add parts, connect their ports, return the shape left open. */
export interface GraphBuilder {
  /** Imports a graph or stage; returns its shape over ports that belong to this builder. */
  add<S extends Shape, M>(graph: Importable<S, M>): S;
  /** Connects an outlet to an inlet; each port can be connected once. */
  connect<T>(from: Outlet<T>, to: Inlet<T>): void;
}

class Builder implements GraphBuilder {
  blueprint = new Blueprint([], [], [], [], () => NotUsed);
  readonly refsOut = new Map<Outlet<unknown>, PortRef>();
  readonly refsIn = new Map<Inlet<never>, PortRef>();
  readonly connected = new Set<Inlet<never> | Outlet<unknown>>();
  readonly edges: Edge[] = [];
  readonly mats: MatFn[] = [];
  readonly offsets: number[] = [];

  add<S extends Shape, M>(graph: Importable<S, M>): S {
    const part = blueprintOf(graph);
    const offset = this.blueprint.stages.length;
    this.blueprint = this.blueprint.compose(part, [], () => NotUsed);
    this.mats.push(part.mat);
    this.offsets.push(offset);
    const shape = graph.shape.deepCopy();
    shape.inlets.forEach((p, i) => {
      const ref = part.ins[i] as PortRef;
      this.refsIn.set(p, { node: ref.node + offset, port: ref.port });
    });
    shape.outlets.forEach((p, i) => {
      const ref = part.outs[i] as PortRef;
      this.refsOut.set(p, { node: ref.node + offset, port: ref.port });
    });
    return shape;
  }

  connect<T>(from: Outlet<T>, to: Inlet<T>): void {
    const fromRef = this.refsOut.get(from);
    const toRef = this.refsIn.get(to);
    if (fromRef === undefined) throw foreign(from.name);
    if (toRef === undefined) throw foreign(to.name);
    for (const port of [from, to] as const) {
      if (this.connected.has(port)) {
        throw new GraphBuildError(
          `GraphDSL: cannot connect port '${port.name}': it is already connected`,
        );
      }
      this.connected.add(port);
    }
    this.edges.push({ from: fromRef, to: toRef });
  }

  result<S extends Shape>(shape: S, mat: MatFn): Blueprint {
    const ins = shape.inlets.map((p) => {
      const ref = this.refsIn.get(p);
      if (ref === undefined) throw foreign(p.name);
      if (this.connected.has(p))
        throw new GraphBuildError(
          `GraphDSL: port '${p.name}' is connected and cannot also be open`,
        );
      this.connected.add(p);
      return ref;
    });
    const outs = shape.outlets.map((p) => {
      const ref = this.refsOut.get(p);
      if (ref === undefined) throw foreign(p.name);
      if (this.connected.has(p))
        throw new GraphBuildError(
          `GraphDSL: port '${p.name}' is connected and cannot also be open`,
        );
      this.connected.add(p);
      return ref;
    });
    const dangling = [...this.refsIn.keys(), ...this.refsOut.keys()].filter(
      (p) => !this.connected.has(p),
    );
    if (dangling.length > 0) {
      const names = dangling.map((p) => `'${p.name}'`).join(', ');
      throw new GraphBuildError(
        `GraphDSL: unconnected ports: ${names}; connect them or return them in the shape`,
      );
    }
    const b = this.blueprint;
    return new Blueprint(b.stages, [...b.edges, ...this.edges], ins, outs, mat);
  }
}

function foreign(name: string): GraphBuildError {
  return new GraphBuildError(
    `GraphDSL: port '${name}' does not belong to this builder; add its graph with builder.add first`,
  );
}

class BuiltGraph<S extends Shape, M> implements Graph<S, M> {
  declare readonly __mat?: M;
  constructor(
    readonly shape: S,
    readonly blueprint: Blueprint,
  ) {}
}

/**
 * Builds fan-in, fan-out and cyclic graphs with typed ports. Wrap the result with
 * `Source.fromGraph`, `Flow.fromGraph`, `Sink.fromGraph` or `RunnableGraph` as its shape allows.
 *
 * @example
 * ```ts
 * const graph = GraphDSL.create((b) => {
 *   const bcast = b.add(broadcast<number>(2));
 *   const merged = b.add(merge<number>(2));
 *   b.connect(bcast.out(0), merged.in(0));
 *   b.connect(bcast.out(1), merged.in(1));
 *   return new FlowShape(bcast.in, merged.out);
 * });
 * const doubled = Source.range(1, 3).via(Flow.fromGraph(graph));
 * ```
 */
export const GraphDSL = {
  /** A graph whose materialized value is NotUsed. */
  create<S extends Shape>(build: (builder: GraphBuilder) => S): Graph<S, NotUsed> {
    const builder = new Builder();
    const shape = build(builder);
    return new BuiltGraph(
      shape,
      builder.result(shape, () => NotUsed),
    );
  },

  /**
   * A graph that imports `graphs` first, hands their shapes to `build`, and materializes to the
   * tuple of their materialized values.
   */
  createWith<const G extends readonly Importable<Shape, unknown>[], S extends Shape>(
    graphs: G,
    build: (builder: GraphBuilder, ...shapes: ShapesOf<G>) => S,
  ): Graph<S, MatsOf<G>> {
    const builder = new Builder();
    const shapes = graphs.map((g) => builder.add(g)) as unknown as ShapesOf<G>;
    const shape = build(builder, ...shapes);
    const mats = graphs.map(
      (_, i) => [builder.mats[i] as MatFn, builder.offsets[i] as number] as const,
    );
    return new BuiltGraph(
      shape,
      builder.result(shape, (values, base) =>
        mats.map(([mat, offset]) => mat(values, base + offset)),
      ),
    );
  },
} as const;

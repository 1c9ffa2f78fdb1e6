import { Attributes } from './Attributes.js';
import type { GraphStageWithMaterializedValue } from './GraphStage.js';
import type { Shape } from './Shape.js';

/** @internal A stage occurrence in a blueprint. */
export interface StageEntry {
  readonly stage: GraphStageWithMaterializedValue<Shape, unknown>;
  readonly attributes: Attributes;
  /** 0: the enclosing island; otherwise the id of the async island it was put in. */
  readonly island: number;
}

/** @internal A port of a stage occurrence: `port` indexes the stage's inlets or outlets. */
export interface PortRef {
  readonly node: number;
  readonly port: number;
}

/** @internal A connection from an outlet to an inlet. */
export interface Edge {
  readonly from: PortRef;
  readonly to: PortRef;
}

/** @internal Computes a materialized value from the stages' values, `base` being the first stage's index. */
export type MatFn = (mats: readonly unknown[], base: number) => unknown;

let nextIsland = 1;

/**
 * @internal The immutable description of a graph: stage occurrences, the edges between them, the
 * open ports in shape order, and how to compute the materialized value. Nodes are addressed by
 * index, so one stage blueprint may occur many times in one graph.
 */
export class Blueprint {
  constructor(
    readonly stages: readonly StageEntry[],
    readonly edges: readonly Edge[],
    readonly ins: readonly PortRef[],
    readonly outs: readonly PortRef[],
    readonly mat: MatFn,
  ) {}

  static ofStage(stage: GraphStageWithMaterializedValue<Shape, unknown>): Blueprint {
    return new Blueprint(
      [{ stage, attributes: stage.initialAttributes, island: 0 }],
      [],
      stage.shape.inlets.map((_, port) => ({ node: 0, port })),
      stage.shape.outlets.map((_, port) => ({ node: 0, port })),
      (mats, base) => mats[base],
    );
  }

  /**
   * Places `this` and `other` side by side, connects `this.outs[i]` to `other.ins[j]` for each
   * `[i, j]` in `links`, and keeps the rest open: `this`'s ports first.
   */
  compose(
    other: Blueprint,
    links: readonly (readonly [number, number])[],
    combine: MatFn,
  ): Blueprint {
    const offset = this.stages.length;
    const shift = (ref: PortRef): PortRef => ({ node: ref.node + offset, port: ref.port });
    const usedOuts = new Set(links.map(([i]) => i));
    const usedIns = new Set(links.map(([, j]) => j));
    const edges: Edge[] = [
      ...this.edges,
      ...other.edges.map((e) => ({ from: shift(e.from), to: shift(e.to) })),
    ];
    for (const [i, j] of links) {
      edges.push({ from: this.outs[i] as PortRef, to: shift(other.ins[j] as PortRef) });
    }
    return new Blueprint(
      [...this.stages, ...other.stages],
      edges,
      [...this.ins, ...other.ins.filter((_, j) => !usedIns.has(j)).map(shift)],
      [...this.outs.filter((_, i) => !usedOuts.has(i)), ...other.outs.map(shift)],
      combine,
    );
  }

  /** The same graph with a new materialized-value function. */
  withMat(mat: MatFn): Blueprint {
    return new Blueprint(this.stages, this.edges, this.ins, this.outs, mat);
  }

  /** The same graph with its open ports reordered or narrowed. */
  withPorts(ins: readonly PortRef[], outs: readonly PortRef[]): Blueprint {
    return new Blueprint(this.stages, this.edges, ins, outs, this.mat);
  }

  /** Adds `attributes` as the outer default of every stage: a stage's own values still win. */
  withAttributes(attributes: Attributes): Blueprint {
    return this.mapStages((e) => ({ ...e, attributes: attributes.and(e.attributes) }));
  }

  /** Names the stage (or, for a composite, prefixes the names of its stages). */
  named(name: string): Blueprint {
    if (this.stages.length === 1) {
      return this.mapStages((e) => ({ ...e, attributes: e.attributes.and(Attributes.name(name)) }));
    }
    return this.mapStages((e) => ({
      ...e,
      attributes: e.attributes.and(Attributes.name(`${name}/${e.attributes.get('name', 'stage')}`)),
    }));
  }

  /** Puts every stage not yet in an island into a fresh one: what `.async()` does. */
  async(): Blueprint {
    const island = nextIsland++;
    return this.mapStages((e) => (e.island === 0 ? { ...e, island } : e));
  }

  private mapStages(f: (entry: StageEntry) => StageEntry): Blueprint {
    return new Blueprint(this.stages.map(f), this.edges, this.ins, this.outs, this.mat);
  }
}

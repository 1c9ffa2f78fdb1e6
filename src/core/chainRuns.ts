import type { Attributes } from './Attributes.js';
import type { Blueprint, StageEntry } from './Blueprint.js';
import type { PortMisuseError } from './errors.js';
import type { FusableFlow } from './FusableFlow.js';
import type { FusableSource } from './FusableSource.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Materializer } from './Materializer.js';
import type { StepContext, StepExpansion, StepGate, StepSink } from './StepSink.js';

/**
 * @internal `analyse(blueprint)`, computed once per blueprint; `null` in `known` marks "not a
 * chain". A blueprint of one stage is analysed each time instead: that costs less than an entry
 * in `known`, and a graph made per element (`flatMapConcat((x) => Source.single(x))`) would
 * otherwise add one per element.
 */
export function analysedOnce<C>(
  known: WeakMap<Blueprint, C | null>,
  blueprint: Blueprint,
  analyse: (blueprint: Blueprint) => C | null,
): C | undefined {
  if (blueprint.stages.length === 1) return analyse(blueprint) ?? undefined;
  let chain = known.get(blueprint);
  if (chain === undefined) {
    chain = analyse(blueprint);
    known.set(blueprint, chain);
  }
  return chain ?? undefined;
}

/** @internal What a run's steps and tail report to: a SourceRun or a FlowRun. */
export interface RunOwner {
  /** A step of the run started an expansion in the current turn. */
  expandedInTurn: boolean;
  /** The run ended: its last step completed, or a step cancelled its upstream. */
  end(): void;
}

/** Passes a run's elements on and keeps its completion. */
export class RunTail implements StepSink<unknown> {
  constructor(
    private readonly run: RunOwner,
    private readonly downstream: StepSink<unknown>,
  ) {}
  onElement(element: unknown): void {
    this.downstream.onElement(element);
  }
  onComplete(): void {
    this.run.end();
  }
}

/**
 * @internal The context of a step nested in another step's chain: what it does not answer itself
 * (the gate, the materializer, the logic, the port-rule error) is the outer chain's.
 */
export abstract class NestedContext implements StepContext {
  constructor(protected readonly outer: StepContext) {}
  abstract readonly label: string;
  abstract cancelUpstream(): void;
  abstract expand(expansion: StepExpansion): void;
  abstract wake(): void;
  illegalElement(element: unknown): PortMisuseError {
    return this.outer.illegalElement(element);
  }
  get gate(): StepGate {
    return this.outer.gate;
  }
  get materializer(): Materializer {
    return this.outer.materializer;
  }
  get logic(): GraphStageLogic {
    return this.outer.logic;
  }
}

/** The context of a step inside a run: its own label and cancel, the rest from the outer chain. */
export class RunContext extends NestedContext {
  constructor(
    private readonly run: RunOwner,
    outer: StepContext,
    private readonly stage: FusableSource<unknown> | FusableFlow<unknown, unknown>,
    private readonly attributes: Attributes,
  ) {
    super(outer);
  }
  // Built when an error needs it: a run starts per inner source, and most never fail.
  get label(): string {
    return `${this.outer.label}/${this.attributes.get('name', this.stage.shape.out.name)}`;
  }
  cancelUpstream(): void {
    this.run.end();
  }
  expand(expansion: StepExpansion): void {
    this.run.expandedInTurn = true;
    this.outer.expand(expansion);
  }
  wake(): void {
    this.outer.wake();
  }
}

/**
 * @internal The stages of `blueprint` in order when it is a straight line of stages, each feeding
 * the next outlet 0 to inlet 0, all in one island; `null` otherwise.
 */
export function straightChain(blueprint: Blueprint): StageEntry[] | null {
  const stages = blueprint.stages;
  const n = stages.length;
  const out = blueprint.outs[0];
  if (n === 0 || blueprint.outs.length !== 1 || out === undefined || blueprint.ins.length > 1) {
    return null;
  }
  if (blueprint.edges.length !== n - 1) return null;
  // One stage, its ports the graph's (`Source.single(x)`, made per element by some graphs).
  if (n === 1) return [stages[0] as StageEntry];
  const next = new Array<number>(n).fill(-1);
  const fed = new Array<boolean>(n).fill(false);
  for (const edge of blueprint.edges) {
    if (next[edge.from.node] !== -1 || fed[edge.to.node] === true) return null;
    next[edge.from.node] = edge.to.node;
    fed[edge.to.node] = true;
  }
  let node = fed.indexOf(false);
  const first = stages[node];
  if (first === undefined) return null;
  const chain = [first];
  for (let i = 1; i < n; i++) {
    node = next[node] as number; // non-null: index in range
    const entry = stages[node];
    if (entry?.island !== first.island) return null;
    chain.push(entry);
  }
  if (out.node !== node) return null;
  const inlet = blueprint.ins[0];
  if (inlet !== undefined && inlet.node !== fed.indexOf(false)) return null;
  return chain;
}

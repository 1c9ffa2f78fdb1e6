import type { Attributes } from './Attributes.js';
import type { Blueprint, MatFn } from './Blueprint.js';
import type { PortMisuseError } from './errors.js';
import { FusableFlow } from './FusableFlow.js';
import { FusableSource } from './FusableSource.js';
import { blueprintOf, type Graph } from './Graph.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Materializer } from './Materializer.js';
import { NotUsed } from './NotUsed.js';
import type { SourceShape } from './Shape.js';
import type { SourceStep, StepContext, StepExpansion, StepGate, StepSink } from './StepSink.js';

/** Blueprints already looked at; `null` marks one that is not a chain. */
const known = new WeakMap<Blueprint, SourceChain<unknown> | null>();

/**
 * A Source that is a straight chain of fusable stages (a {@link FusableSource}, then
 * {@link FusableFlow}s, in one island), which a step can run inside its own fused chain, as plain
 * calls, instead of materializing it as a stream of its own. `flatMapConcat` does this with inner
 * sources such as `Source.from(array).map(f)`, so their elements cost no port signal at all.
 */
export class SourceChain<T> {
  private constructor(
    private readonly source: FusableSource<unknown>,
    private readonly flows: readonly FusableFlow<unknown, unknown>[],
    private readonly attributes: readonly Attributes[],
    private readonly mat: MatFn,
  ) {}

  /** The chain `graph` is made of, or `undefined` when it is not a straight chain of fusable stages. */
  static of<T>(graph: Graph<SourceShape<T>, unknown>): SourceChain<T> | undefined {
    const blueprint = blueprintOf(graph);
    let chain = known.get(blueprint);
    if (chain === undefined) {
      chain = analyse(blueprint);
      known.set(blueprint, chain);
    }
    return chain ?? undefined;
  }

  /** @internal */
  static create(
    source: FusableSource<unknown>,
    flows: readonly FusableFlow<unknown, unknown>[],
    attributes: readonly Attributes[],
    mat: MatFn,
  ): SourceChain<unknown> {
    return new SourceChain(source, flows, attributes, mat);
  }

  /**
   * Starts one run of the chain inside the step that owns `context`: the steps are created and
   * started, and each `produce(max)` of the run sends elements to `downstream`. The graph's
   * materialized value is computed and dropped, as when it is run.
   */
  start(downstream: StepSink<T>, context: StepContext): SourceRun {
    return new SourceRun(this, downstream, context);
  }

  /** @internal Builds the steps of one run, source first. */
  build(run: SourceRun, downstream: StepSink<unknown>, outer: StepContext): SourceStep {
    const n = this.attributes.length;
    let next = downstream;
    for (let i = this.flows.length - 1; i >= 0; i--) {
      const flow = this.flows[i] as FusableFlow<unknown, unknown>; // non-null: index in range
      const attributes = this.attributes[i + 1] as Attributes; // non-null: one entry per stage
      next = flow.createStep(next, new RunContext(run, outer, flow, attributes), attributes);
      run.steps.push(next);
    }
    const attributes = this.attributes[0] as Attributes; // non-null: the source's entry
    run.head = next;
    const source = this.source.createSourceStep(
      new RunGuard(run, next),
      new RunContext(run, outer, this.source, attributes),
      attributes,
    );
    run.steps.push(source);
    run.steps.reverse();
    this.mat(new Array<unknown>(n).fill(NotUsed), 0);
    return source;
  }
}

/**
 * One run of a {@link SourceChain}, driven by the step that started it. Its elements go to the
 * `downstream` it was started with; its completion does not (the run reports it as `done`).
 */
export class SourceRun {
  /** @internal Every step, source first. */
  readonly steps: (StepSink<unknown> | SourceStep)[] = [];
  private readonly source: SourceStep;
  /** @internal The first step after the source: it hears of the source's completion. */
  head: StepSink<unknown> | undefined = undefined;
  private ended = false;
  private stopped = false;
  /** @internal A step of this run started an expansion in the source's current turn. */
  expandedInTurn = false;
  /** The source completed in a turn that started an expansion: the steps hear of it later. */
  private completionDue = false;
  private headDone = false;

  /** @internal */
  constructor(
    chain: SourceChain<unknown>,
    downstream: StepSink<unknown>,
    private readonly context: StepContext,
  ) {
    this.source = chain.build(this, new RunTail(this, downstream), context);
    for (let i = this.steps.length - 1; i >= 0 && !this.ended; i--) {
      const step = this.steps[i] as StepSink<unknown> | SourceStep; // non-null: index in range
      if (step.onStart !== undefined) step.onStart();
    }
  }

  /** True once the source completed (or a step of the run cancelled it). */
  get done(): boolean {
    return this.ended;
  }

  /**
   * There is demand: the source emits up to `max` elements (the second and later only while the
   * chain's gate is open), or completes, through the run's steps. Returns false once done.
   */
  produce(max: number): boolean {
    if (this.ended) return false;
    if (this.completionDue) {
      this.completionDue = false;
      this.completeHead();
    } else if (this.headDone) {
      this.end(); // every step was told and no expansion runs: nothing more can come
    } else {
      this.expandedInTurn = false;
      if (max > 1 && this.source.produceBurst !== undefined) this.source.produceBurst(max);
      else this.source.produce();
    }
    return !this.ended;
  }

  /** @internal The source completed; in a turn that started an expansion, the steps hear later. */
  sourceCompleted(): void {
    if (this.expandedInTurn) this.completionDue = true;
    else this.completeHead();
  }

  private completeHead(): void {
    this.headDone = true;
    this.head?.onComplete();
  }

  /** Stops every step once (their `onStop`); call it when the run is done or abandoned. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const step of this.steps) if (step.onStop !== undefined) step.onStop();
  }

  /** @internal The run ended: no more is asked of its source, and the burst going on stops. */
  end(): void {
    this.ended = true;
    this.context.gate.close();
  }
}

/** Sits after a run's source to hold its completion back while an expansion it caused runs. */
class RunGuard implements StepSink<unknown> {
  constructor(
    private readonly run: SourceRun,
    private readonly head: StepSink<unknown>,
  ) {}
  onElement(element: unknown): void {
    this.head.onElement(element);
  }
  onComplete(): void {
    this.run.sourceCompleted();
  }
}

/** Passes a run's elements on and keeps its completion. */
class RunTail implements StepSink<unknown> {
  constructor(
    private readonly run: SourceRun,
    private readonly downstream: StepSink<unknown>,
  ) {}
  onElement(element: unknown): void {
    this.downstream.onElement(element);
  }
  onComplete(): void {
    this.run.end();
  }
}

/** The context of a step inside a run: its own label and cancel, the rest from the outer chain. */
class RunContext implements StepContext {
  readonly label: string;
  constructor(
    private readonly run: SourceRun,
    private readonly outer: StepContext,
    stage: FusableSource<unknown> | FusableFlow<unknown, unknown>,
    attributes: Attributes,
  ) {
    this.label = `${outer.label}/${attributes.get('name', stage.shape.out.name)}`;
  }
  cancelUpstream(): void {
    this.run.end();
  }
  illegalElement(element: unknown): PortMisuseError {
    return this.outer.illegalElement(element);
  }
  expand(expansion: StepExpansion): void {
    this.run.expandedInTurn = true;
    this.outer.expand(expansion);
  }
  wake(): void {
    this.outer.wake();
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

/** A source then flows, each feeding the next, with no other stage, port or island. */
function analyse(blueprint: Blueprint): SourceChain<unknown> | null {
  const stages = blueprint.stages;
  const n = stages.length;
  const out = blueprint.outs[0];
  if (n === 0 || blueprint.ins.length !== 0 || blueprint.outs.length !== 1 || out === undefined) {
    return null;
  }
  if (blueprint.edges.length !== n - 1) return null;
  const next = new Array<number>(n).fill(-1);
  const fed = new Array<boolean>(n).fill(false);
  for (const edge of blueprint.edges) {
    if (next[edge.from.node] !== -1 || fed[edge.to.node] === true) return null;
    next[edge.from.node] = edge.to.node;
    fed[edge.to.node] = true;
  }
  let node = fed.indexOf(false);
  const first = stages[node];
  if (first === undefined || !(first.stage instanceof FusableSource)) return null;
  const flows: FusableFlow<unknown, unknown>[] = [];
  const attributes: Attributes[] = [first.attributes];
  for (let i = 1; i < n; i++) {
    node = next[node] as number; // non-null: index in range
    const entry = stages[node];
    if (entry?.island !== first.island || !(entry.stage instanceof FusableFlow)) return null;
    flows.push(entry.stage as FusableFlow<unknown, unknown>);
    attributes.push(entry.attributes);
  }
  if (out.node !== node) return null;
  return SourceChain.create(
    first.stage as FusableSource<unknown>,
    flows,
    attributes,
    blueprint.mat,
  );
}

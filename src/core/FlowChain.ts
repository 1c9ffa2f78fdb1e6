import type { Attributes } from './Attributes.js';
import type { Blueprint, MatFn } from './Blueprint.js';
import { analysedOnce, RunContext, RunTail, straightChain } from './chainRuns.js';
import { FusableFlow } from './FusableFlow.js';
import { blueprintOf, type Graph } from './Graph.js';
import { NotUsed } from './NotUsed.js';
import type { FlowShape } from './Shape.js';
import type { StepContext, StepSink } from './StepSink.js';

/** Blueprints already looked at; `null` marks one that is not a chain. */
const known = new WeakMap<Blueprint, FlowChain<unknown, unknown> | null>();

/**
 * A Flow that is a straight chain of {@link FusableFlow}s in one island, which a step can run
 * inside its own fused chain, as plain calls, once per key or per substream: what
 * `groupBy(...).mergeSubstreams()` does with a per-substream `map(f)`.
 */
export class FlowChain<In, Out> {
  private constructor(
    private readonly flows: readonly FusableFlow<unknown, unknown>[],
    private readonly attributes: readonly Attributes[],
    private readonly mat: MatFn,
  ) {}

  /** The chain `graph` is made of, or `undefined` when it is not a straight chain of fusable flows. */
  static of<In, Out>(graph: Graph<FlowShape<In, Out>, unknown>): FlowChain<In, Out> | undefined {
    return analysedOnce(known, blueprintOf(graph), analyse);
  }

  /** @internal */
  static create(
    flows: readonly FusableFlow<unknown, unknown>[],
    attributes: readonly Attributes[],
    mat: MatFn,
  ): FlowChain<unknown, unknown> {
    return new FlowChain(flows, attributes, mat);
  }

  /**
   * Starts one run of the chain inside the step that owns `context`: feed it through the run's
   * `head`, and its output goes to `downstream`; its completion does not (the run reports it as
   * `done`). The graph's materialized value is computed and dropped, as when it is run.
   */
  start(downstream: StepSink<Out>, context: StepContext): FlowRun<In> {
    return new FlowRun<In>(this, downstream, context);
  }

  /** @internal Builds the steps of one run; returns the first. */
  build(
    run: FlowRun<unknown>,
    downstream: StepSink<unknown>,
    outer: StepContext,
  ): StepSink<unknown> {
    let next = downstream;
    for (let i = this.flows.length - 1; i >= 0; i--) {
      const flow = this.flows[i] as FusableFlow<unknown, unknown>; // non-null: index in range
      const attributes = this.attributes[i] as Attributes; // non-null: one entry per stage
      next = flow.createStep(next, new RunContext(run, outer, flow, attributes), attributes);
      run.steps.push(next);
    }
    run.steps.reverse();
    this.mat(new Array<unknown>(this.flows.length).fill(NotUsed), 0);
    return next;
  }
}

/** One run of a {@link FlowChain}, fed by the step that started it. */
export class FlowRun<In> {
  /** @internal Every step, first first. */
  readonly steps: StepSink<unknown>[] = [];
  /** Where the run takes its elements and its completion (each only while not `done`). */
  readonly head: StepSink<In>;
  /** @internal */
  expandedInTurn = false;
  private ended = false;
  private stopped = false;

  /** @internal */
  constructor(
    chain: FlowChain<In, unknown>,
    downstream: StepSink<unknown>,
    private readonly context: StepContext,
  ) {
    this.head = chain.build(this, new RunTail(this, downstream), context);
    for (let i = this.steps.length - 1; i >= 0 && !this.ended; i--) {
      const step = this.steps[i] as StepSink<unknown>; // non-null: index in range
      if (step.onStart !== undefined) step.onStart();
    }
  }

  /**
   * Tells the run's steps that upstream completed (the last may emit one element). Returns true
   * when a step started an expansion to emit the rest: the run is done once that one is.
   */
  complete(): boolean {
    this.expandedInTurn = false;
    this.head.onComplete();
    return this.expandedInTurn;
  }

  /** True once the run's last step completed, or a step cancelled its upstream. */
  get done(): boolean {
    return this.ended;
  }

  /** @internal */
  end(): void {
    this.ended = true;
    this.context.gate.close();
  }

  /** Stops every step once (their `onStop`); call it when the run is done or abandoned. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const step of this.steps) if (step.onStop !== undefined) step.onStop();
  }
}

/** Flows only, in a line, with the open inlet at the first and the open outlet at the last. */
function analyse(blueprint: Blueprint): FlowChain<unknown, unknown> | null {
  const chain = straightChain(blueprint);
  if (chain === null || blueprint.ins.length !== 1) return null;
  const flows: FusableFlow<unknown, unknown>[] = [];
  for (const entry of chain) {
    if (!(entry.stage instanceof FusableFlow)) return null;
    flows.push(entry.stage as FusableFlow<unknown, unknown>);
  }
  return FlowChain.create(
    flows,
    chain.map((e) => e.attributes),
    blueprint.mat,
  );
}

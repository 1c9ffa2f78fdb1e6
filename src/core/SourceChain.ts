import type { Attributes } from './Attributes.js';
import type { Blueprint, MatFn } from './Blueprint.js';
import { FusableFlow } from './FusableFlow.js';
import { FusableSource } from './FusableSource.js';
import { blueprintOf, type Graph } from './Graph.js';
import { NotUsed } from './NotUsed.js';
import type { SourceShape } from './Shape.js';
import { analysedOnce, RunContext, RunTail, straightChain } from './chainRuns.js';
import type { SourceDownstream, SourceStep, StepContext, StepSink } from './StepSink.js';

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
    return analysedOnce(known, blueprintOf(graph), analyse);
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
  build(
    run: SourceRun,
    downstream: StepSink<unknown>,
    tail: RunTail,
    outer: StepContext,
  ): SourceStep {
    const n = this.attributes.length;
    let next: StepSink<unknown> = tail;
    for (let i = this.flows.length - 1; i >= 0; i--) {
      const flow = this.flows[i] as FusableFlow<unknown, unknown>; // non-null: index in range
      const attributes = this.attributes[i + 1] as Attributes; // non-null: one entry per stage
      next = flow.createStep(next, new RunContext(run, outer, flow, attributes), attributes);
      run.steps.push(next);
    }
    const attributes = this.attributes[0] as Attributes; // non-null: the source's entry
    run.head = next;
    // Without flows the source's elements go straight to the run's downstream: the tail only
    // notes the completion.
    const source = this.source.createSourceStep(
      new RunGuard(run, next === tail ? downstream : next),
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
    this.source = chain.build(this, downstream, new RunTail(this, downstream), context);
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
   * chain's gate is open), or completes, through the run's steps. Returns false once done. With
   * `max` 0 (the chain is ending without demand) it only passes on a completion that was held
   * back, whose last elements the chain takes like those of every completion.
   */
  produce(max: number): boolean {
    if (this.ended) return false;
    if (this.completionDue) {
      this.completionDue = false;
      this.completeHead();
    } else if (this.headDone) {
      this.end(); // every step was told and no expansion runs: nothing more can come
    } else if (max > 0) {
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

/**
 * Sits after a run's source to hold its completion back while an expansion it caused runs; the
 * source may send its elements straight to `next`.
 */
class RunGuard implements SourceDownstream<unknown> {
  constructor(
    private readonly run: SourceRun,
    readonly next: StepSink<unknown>,
  ) {}
  onElement(element: unknown): void {
    this.next.onElement(element);
  }
  onComplete(): void {
    this.run.sourceCompleted();
  }
}

/** A source then flows: the chain `Source.from(xs).map(f)` is made of. */
function analyse(blueprint: Blueprint): SourceChain<unknown> | null {
  const chain = straightChain(blueprint);
  if (chain === null || blueprint.ins.length !== 0) return null;
  const [first, ...rest] = chain;
  if (!(first?.stage instanceof FusableSource)) return null;
  const flows: FusableFlow<unknown, unknown>[] = [];
  for (const entry of rest) {
    if (!(entry.stage instanceof FusableFlow)) return null;
    flows.push(entry.stage as FusableFlow<unknown, unknown>);
  }
  return SourceChain.create(
    first.stage as FusableSource<unknown>,
    flows,
    chain.map((e) => e.attributes),
    blueprint.mat,
  );
}

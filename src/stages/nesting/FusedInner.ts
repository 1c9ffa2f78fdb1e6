import {
  type ExpansionState,
  type GraphStageLogic,
  type Materializer,
  PortMisuseError,
  type SourceChain,
  type SourceRun,
  type StepContext,
  type StepExpansion,
  type StepGate,
  type StepSink,
} from '../../core/index.js';

/** What a {@link FusedInner} reports to: a stage logic, or a step of a fused chain. */
export interface FusedInnerOwner<U> {
  /** The logic the inner source runs in: the owner of its substreams. */
  readonly logic: GraphStageLogic;
  readonly materializer: Materializer;
  /** An element of the inner source, with or without demand (a step emitting at completion). */
  innerElement(element: U): void;
  /** An expansion of the inner source that waited has something again. */
  innerWoke(inner: FusedInner<U>): void;
  /** The label of inner source number `id` in errors. */
  innerLabel(id: number): string;
  /** The port an inner source's elements go out on, named in its port errors. */
  readonly outName: string;
}

/** Inner runs emit one element per call: their bursts never start, so the gate stays shut. */
const shut: StepGate = {
  open: false,
  close(): void {
    // already shut
  },
};

/**
 * @internal An inner source of a merging stage (or a zipped source) that is a plain chain of fusable stages (see
 * {@link SourceChain}), run as steps inside the stage's own logic, one element per call of
 * `produce`, instead of as a stream of its own: no sub-port, no signal per element. It is the
 * context of its steps, so their expansions (`mapConcat`) run here too, newest first.
 */
export class FusedInner<U> implements StepSink<U>, StepContext {
  private readonly run: SourceRun;
  private readonly expansions: StepExpansion[] = [];
  /** The newest expansion reported `'wait'`: nothing to take until its `wake()`. */
  waiting = false;
  /** In the owner's queue of inner sources with something to take. */
  queued = false;
  /** Marks this inner queued for its owner's next turn: false when it already is, or waits. */
  claimQueueSlot(): boolean {
    if (this.queued || this.waiting) return false;
    this.queued = true;
    return true;
  }
  /** The expansion that reported `'feed'`, while what is upstream of it runs; else -1. */
  private feedingAt = -1;
  /** Elements emitted so far: a call of `produce` that emitted none dropped one (a filter). */
  emitted = 0;

  constructor(
    private readonly owner: FusedInnerOwner<U>,
    chain: SourceChain<U>,
    private readonly id: number,
  ) {
    this.run = chain.start(this, this);
  }

  /** The source and every expansion are done: nothing more will come. */
  get done(): boolean {
    return this.run.done && this.expansions.length === 0;
  }

  /** There is demand: emits at most one element (the newest expansion's, else the source's). */
  produce(): void {
    if (this.expansions.length === 0) {
      this.run.produce(1); // the common case: nothing to feed between
      return;
    }
    try {
      this.produceOne();
    } finally {
      this.feedingAt = -1;
    }
  }

  private produceOne(): void {
    const expansions = this.expansions;
    // An expansion that reports 'feed' (a merge inside the inner source) lets the one below it,
    // or the source, run instead; one started meanwhile goes below it (see `expand`).
    for (let i = expansions.length - 1; ; i--) {
      if (i < 0) {
        this.run.produce(1);
        return;
      }
      const expansion = expansions[i] as StepExpansion; // non-null: index in range
      const state: ExpansionState = expansion.produce(1);
      if (state === 'done') expansions.splice(expansions.lastIndexOf(expansion), 1);
      else if (state === 'wait') this.waiting = true;
      if (state !== 'feed') return;
      this.feedingAt = expansions.lastIndexOf(expansion);
    }
  }

  /** Without demand: notes an end that came with the last element, emitting nothing. */
  settle(): void {
    if (this.expansions.length === 0) this.run.produce(0);
  }

  /** Stops every step of the run once. */
  stop(): void {
    if (this.expansions.length !== 0) this.expansions.length = 0;
    this.run.stop();
  }

  onElement(element: U): void {
    this.emitted++;
    this.owner.innerElement(element);
  }

  onComplete(): void {
    // The run reports its own end (`done`); its completion never reaches its downstream.
  }

  cancelUpstream(): void {
    this.run.end();
  }

  // Built when an error needs it: an inner source may start per element, and most never fail.
  get label(): string {
    return this.owner.innerLabel(this.id);
  }

  illegalElement(element: unknown): PortMisuseError {
    const label = this.label;
    const outName = this.owner.outName;
    return new PortMisuseError(
      label,
      outName,
      `${label}: cannot push ${String(element)} to port '${outName}': null and undefined are not legal stream elements`,
    );
  }

  expand(expansion: StepExpansion): void {
    // Started upstream of an expansion that asked for a feed: it goes below that one.
    if (this.feedingAt >= 0) this.expansions.splice(this.feedingAt++, 0, expansion);
    else this.expansions.push(expansion);
    this.waiting = false;
  }

  wake(): void {
    this.waiting = false;
    this.owner.innerWoke(this);
  }

  get gate(): StepGate {
    return shut;
  }

  get materializer(): Materializer {
    return this.owner.materializer;
  }

  get logic(): GraphStageLogic {
    return this.owner.logic;
  }
}

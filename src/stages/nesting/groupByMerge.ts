import {
  type ExpansionState,
  type FlowChain,
  type FlowRun,
  FlowShape,
  FusableFlow,
  Inlet,
  Outlet,
  type StepContext,
  type StepExpansion,
  type StepSink,
} from '../../core/index.js';
import { TooManySubstreamsOpenError } from './groupBy.js';

/**
 * @internal `groupBy(max, key).via(perSubstream).mergeSubstreams()` as one fused step, used when
 * the per-substream flow is a plain fused chain ({@link FlowChain}): each key gets its own run of
 * that chain's steps, fed as plain calls, and every run's output goes straight downstream. What
 * the user sees is what the unfused form does: a key's substream is cancelled when its chain
 * ends (later elements of that key are dropped unless `allowClosedSubstreamRecreation`), and
 * when upstream completes each substream completes in turn, emitting what it holds.
 */
export class GroupByMerge<T, K, Out> extends FusableFlow<T, Out> {
  readonly shape = new FlowShape(
    new Inlet<T>('groupBy.in'),
    new Outlet<Out>('mergeSubstreams.out'),
  );
  constructor(
    readonly maxSubstreams: number,
    readonly key: (element: T) => K,
    readonly allowClosedSubstreamRecreation: boolean,
    readonly chain: FlowChain<T, Out>,
  ) {
    super('groupBy');
  }
  createStep(downstream: StepSink<Out>, context: StepContext): StepSink<T> {
    return new GroupByMergeStep(this, downstream, context);
  }
}

class GroupByMergeStep<T, K, Out> implements StepSink<T>, StepExpansion {
  private readonly open = new Map<K, FlowRun<T>>();
  /** Keys whose substream ended: their elements are dropped. */
  private readonly closedKeys = new Set<K>();
  /** At completion: the substreams still to complete, one per demand. */
  private readonly completing: FlowRun<T>[] = [];
  /** Substreams told to complete whose completion started an expansion still running. */
  private readonly draining: FlowRun<T>[] = [];
  /** Counts what the substreams emit, to see whether completing one emitted its last element. */
  private readonly out: CountingSink<Out>;
  constructor(
    private readonly stage: GroupByMerge<T, K, Out>,
    downstream: StepSink<Out>,
    private readonly context: StepContext,
  ) {
    this.out = new CountingSink(downstream);
  }

  onElement(element: T): void {
    const key = this.stage.key(element);
    let run = this.open.get(key);
    if (run?.done === true) {
      this.retire(key, run);
      run = undefined;
    }
    if (run === undefined) {
      if (this.closedKeys.has(key)) return; // dropped: the chain asks upstream for the next one
      if (this.open.size >= this.stage.maxSubstreams) {
        throw new TooManySubstreamsOpenError(this.context.label, this.stage.maxSubstreams);
      }
      run = this.stage.chain.start(this.out, this.context);
      this.open.set(key, run);
    }
    if (!run.done) run.head.onElement(element);
    if (run.done) this.retire(key, run);
  }

  private retire(key: K, run: FlowRun<T>): void {
    run.stop();
    this.open.delete(key);
    if (!this.stage.allowClosedSubstreamRecreation) this.closedKeys.add(key);
  }

  // Every substream completes with upstream. The expansion starts first, so it sits below any a
  // substream's completion starts; those that emit nothing complete at once, without demand.
  onComplete(): void {
    for (const run of this.open.values()) {
      if (run.done) run.stop();
      else this.completing.push(run);
    }
    this.open.clear();
    this.context.expand(this);
    this.completeUntilOneEmits();
  }

  /**
   * Completes substreams until one emits (its last element uses this turn's demand) or starts an
   * expansion (which runs first; the substream is stopped at the end).
   */
  private completeUntilOneEmits(): void {
    for (let run = this.completing.pop(); run !== undefined; run = this.completing.pop()) {
      const emitted = this.out.count;
      const expanded = run.complete();
      if (expanded) this.draining.push(run);
      else run.stop();
      if (this.out.count !== emitted || expanded) return;
    }
  }

  produce(max: number): ExpansionState {
    if (max !== 0) this.completeUntilOneEmits();
    if (this.completing.length !== 0) return 'more';
    for (const run of this.draining) run.stop();
    this.draining.length = 0;
    this.out.downstream.onComplete();
    return 'done';
  }

  onStop(): void {
    for (const run of this.open.values()) run.stop();
    for (const run of this.completing) run.stop();
    for (const run of this.draining) run.stop();
  }
}

/** @internal Passes the substreams' elements on, counting them. */
export class CountingSink<Out> implements StepSink<Out> {
  count = 0;
  constructor(readonly downstream: StepSink<Out>) {}
  onElement(element: Out): void {
    this.count++;
    this.downstream.onElement(element);
  }
  onComplete(): void {
    // A substream's completion is not the stream's: the step completes downstream itself.
  }
}

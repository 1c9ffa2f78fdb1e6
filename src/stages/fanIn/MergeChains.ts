import {
  type ExpansionState,
  type Graph,
  RingBuffer,
  type SourceChain,
  type SourceShape,
  type StepContext,
  type StepExpansion,
  type StepSink,
} from '../../core/index.js';
import { chainsOf } from './chainsOf.js';
import { FanInChains } from './FanInChains.js';
import { FusedInner } from '../nesting/FusedInner.js';
import { MaxEmptyTurns, None, StepInnerOwner } from '../nesting/StepInnerOwner.js';

/**
 * @internal The fused form of `a.merge(b)` and `a.mergeAll(those)` when every source merged in is
 * a plain chain of fusable stages ({@link SourceChain}): a step whose expansion runs those sources
 * inside the chain ({@link FusedInner}s) from the start and takes upstream's elements with
 * `'feed'`. Upstream and the sources take turns, one element each (upstream after each round of
 * the sources); one that has nothing at once (upstream not answering a pull, a source waiting on
 * something asynchronous) is skipped until it has, so neither side holds the other back.
 */
export class MergeChains<T> extends FanInChains<T> {
  private constructor(
    chains: readonly SourceChain<T>[],
    readonly eagerComplete: boolean,
    name: string,
  ) {
    super(chains, name, 'in0');
  }

  /** The fused stage, or `undefined` when one of `those` is not a plain fused chain. */
  static of<T>(
    those: readonly Graph<SourceShape<T>, unknown>[],
    eagerComplete: boolean,
    name: string,
  ): MergeChains<T> | undefined {
    const chains = chainsOf(those);
    return chains === undefined ? undefined : new MergeChains(chains, eagerComplete, name);
  }

  createStep(downstream: StepSink<T>, context: StepContext): StepSink<T> {
    return new MergeStep(this, downstream, context);
  }
}

class MergeStep<T> extends StepInnerOwner<T> implements StepSink<T>, StepExpansion {
  /** Asked without demand too: upstream's first element is taken ahead, as the junction pulls. */
  readonly feeds = true;
  /** The sources with something to take, in turn. */
  private readonly ready: RingBuffer<FusedInner<T>>;
  /** The sources not yet done: stopped with the chain. */
  private readonly live: FusedInner<T>[] = [];
  /** Upstream's element, taken with `'feed'`, until it goes out. */
  private fromUpstream: T | typeof None = None;
  /** What the sources emitted at their start (a scan's seed), before any demand. */
  private readonly held: T[] = [];
  private starting = false;
  /** `'feed'` was reported and upstream has not answered yet. */
  private feedAsked = false;
  /** `'feed'` was reported from a turn with demand, and the chain is answering it now. */
  private feedingWithDemand = false;
  /** Elements of the sources since upstream's last turn: upstream goes first. */
  private sinceUpstream = Number.MAX_SAFE_INTEGER;
  private upstreamDone = false;
  private finished = false;
  constructor(
    private readonly stage: MergeChains<T>,
    private readonly downstream: StepSink<T>,
    context: StepContext,
  ) {
    super(context);
    this.ready = new RingBuffer(Math.max(1, stage.chains.length));
  }

  onStart(): void {
    this.starting = true;
    try {
      this.stage.chains.forEach((chain, id) => {
        const inner = new FusedInner(this, chain, id);
        if (inner.done) inner.stop();
        else {
          this.live.push(inner);
          this.enqueue(inner);
        }
      });
    } finally {
      this.starting = false;
    }
    // An input that is empty at once ends an eager merge.
    if (this.stage.eagerComplete && this.live.length < this.stage.chains.length) this.end();
    else this.context.expand(this);
  }

  onElement(element: T): void {
    this.feedAsked = false;
    this.sinceUpstream = 0;
    this.context.gate.close(); // one at a time: the next waits for its turn
    if (this.feedingWithDemand) {
      // The answer to the 'feed' of a turn with demand, within it: that demand is still there.
      this.feedingWithDemand = false;
      this.downstream.onElement(element);
    } else {
      this.fromUpstream = element;
    }
  }

  onComplete(): void {
    this.feedAsked = false;
    this.upstreamDone = true;
    if (this.stage.eagerComplete) this.end();
  }

  produce(max: number): ExpansionState {
    // A 'feed' that upstream did not answer at once: its element comes later, maybe without demand.
    this.feedingWithDemand = false;
    if (this.finished) return 'done';
    const wantsUpstream = !this.upstreamDone && this.fromUpstream === None;
    if (max === 0) return this.settle(wantsUpstream);
    // Upstream's turn comes after each round of the sources, unless it has not answered yet.
    if (wantsUpstream && !this.feedAsked && this.sinceUpstream >= this.ready.length) {
      this.feedAsked = true;
      this.feedingWithDemand = true;
      return 'feed';
    }
    const gate = this.context.gate;
    const ready = this.ready;
    let emitted = 0;
    for (let empty = 0; empty < MaxEmptyTurns;) {
      if (emitted !== 0 && (emitted === max || !gate.open)) break;
      if (this.held.length !== 0) {
        this.downstream.onElement(this.held.shift() as T); // non-null: not empty
        emitted++;
        continue;
      }
      const up = this.fromUpstream;
      if (up !== None) {
        this.fromUpstream = None;
        this.downstream.onElement(up);
        emitted++;
        continue;
      }
      if (ready.isEmpty) break;
      const next = ready.dequeue();
      next.queued = false;
      if (next.done) continue; // ended with its last element, seen without demand
      const before = next.emitted;
      next.produce();
      if (this.afterTurn(next)) return 'done';
      if (next.emitted === before) {
        empty++;
        continue;
      }
      emitted++;
      if (++this.sinceUpstream >= ready.length && !this.upstreamDone && !this.feedAsked) {
        // Upstream's turn; with demand left, its element goes out as it comes.
        if (emitted === max || !gate.open || this.fromUpstream !== None) break;
        this.feedAsked = true;
        this.feedingWithDemand = true;
        return 'feed';
      }
    }
    if (emitted !== 0) return 'more';
    if (this.upstreamDone && this.live.length === 0 && this.fromUpstream === None) {
      this.end();
      return 'done';
    }
    if (ready.length !== 0) return 'more'; // dropped many in a row: the chain counts the turn
    // Every source waits on something asynchronous, or all are done: upstream or a wake.
    if (wantsUpstream) {
      this.feedAsked = true;
      this.feedingWithDemand = true;
      return 'feed';
    }
    return 'wait';
  }

  /** No demand: upstream's element is asked ahead; sources that ended with their last element end. */
  private settle(wantsUpstream: boolean): ExpansionState {
    if (wantsUpstream) return 'feed';
    for (const inner of [...this.live]) {
      inner.settle();
      // Left in `ready`, if queued: the next turn skips it.
      if (inner.done && this.innerDone(inner)) return 'done';
    }
    if (!this.upstreamDone || this.live.length !== 0 || this.fromUpstream !== None) return 'more';
    this.end();
    return 'done';
  }

  /** Queues a source for its next turn, or lets it go if it ended: true when that ends the stream. */
  private afterTurn(inner: FusedInner<T>): boolean {
    if (inner.done) return this.innerDone(inner);
    this.enqueue(inner);
    return false;
  }

  private enqueue(inner: FusedInner<T>): void {
    if (inner.claimQueueSlot()) this.ready.enqueue(inner);
  }

  /** A source ended: true when that ends the stream (`eagerComplete`). */
  private innerDone(inner: FusedInner<T>): boolean {
    inner.stop();
    this.live.splice(this.live.indexOf(inner), 1);
    if (!this.stage.eagerComplete) return false;
    this.end();
    return true;
  }

  /** Completes downstream and stops every source; the expansion reports `'done'` next. */
  private end(): void {
    if (this.finished) return;
    this.finished = true;
    for (const inner of this.live) inner.stop();
    this.live.length = 0;
    this.ready.clear();
    this.downstream.onComplete();
  }

  onStop(): void {
    for (const inner of this.live) inner.stop();
  }

  // ---- FusedInnerOwner: the sources report here ----

  innerElement(element: T): void {
    if (this.starting) this.held.push(element);
    else this.downstream.onElement(element);
  }

  innerWoke(inner: FusedInner<T>): void {
    if (inner.done || this.finished) return;
    this.enqueue(inner);
    this.context.wake();
  }

  innerLabel(id: number): string {
    return `${this.context.label}/${this.stage.name}.in${String(id + 1)}`;
  }

  get outName(): string {
    return this.stage.shape.out.name;
  }
}

import {
  type ExpansionState,
  type Graph,
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
 * @internal The fused form of `a.interleave(b, segmentSize)` and `a.interleaveAll(those,
 * segmentSize)` when every source interleaved is a plain chain of fusable stages ({@link
 * SourceChain}) and `eagerClose` is off: a step whose expansion runs those sources inside the chain
 * ({@link FusedInner}s) and takes upstream's elements with `'feed'`. As the junction does, it takes
 * `segmentSize` elements from the current input before the next, runs only the current input, and
 * skips an input that completed.
 */
export class InterleaveChains<T> extends FanInChains<T> {
  private constructor(
    chains: readonly SourceChain<T>[],
    readonly segmentSize: number,
    name: string,
  ) {
    super(chains, name, 'in0');
  }

  /** The fused stage, or `undefined` when one of `those` is not a plain fused chain. */
  static of<T>(
    those: readonly Graph<SourceShape<T>, unknown>[],
    segmentSize: number,
    name: string,
  ): InterleaveChains<T> | undefined {
    const chains = chainsOf(those);
    return chains === undefined ? undefined : new InterleaveChains(chains, segmentSize, name);
  }

  createStep(downstream: StepSink<T>, context: StepContext): StepSink<T> {
    return new InterleaveStep(this, downstream, context);
  }
}

/** Input 0 is upstream; input `i > 0` is `inners[i - 1]`. */
class InterleaveStep<T> extends StepInnerOwner<T> implements StepSink<T>, StepExpansion {
  private readonly inners: FusedInner<T>[] = [];
  /** Per input: it completed, and its turns are skipped. */
  private readonly closed: boolean[];
  private open: number;
  /** What each source emitted at its start (a scan's seed), sent at its first turn. */
  private readonly held: (T[] | undefined)[] = [];
  private starting: number | undefined = undefined;
  private current = 0;
  /** Elements of the current input in this segment. */
  private taken = 0;
  /** Upstream's element, taken with `'feed'`, until it goes out. */
  private fromUpstream: T | typeof None = None;
  /** `'feed'` was reported from a turn with demand, and the chain is answering it now. */
  private feedingWithDemand = false;
  private finished = false;
  constructor(
    private readonly stage: InterleaveChains<T>,
    private readonly downstream: StepSink<T>,
    context: StepContext,
  ) {
    super(context);
    this.closed = new Array<boolean>(stage.chains.length + 1).fill(false);
    this.open = this.closed.length;
  }

  onStart(): void {
    // Every source starts with the stream, as the junction's inputs do: one failing at its start
    // fails the stream before anything flows.
    this.stage.chains.forEach((chain, i) => {
      this.starting = i;
      try {
        this.inners.push(new FusedInner(this, chain, i));
      } finally {
        this.starting = undefined;
      }
    });
    this.context.expand(this);
  }

  onElement(element: T): void {
    this.context.gate.close(); // one at a time: the next waits for its turn
    if (this.feedingWithDemand) {
      // The answer to the 'feed' of a turn with demand, within it: that demand is still there.
      this.feedingWithDemand = false;
      this.downstream.onElement(element);
    } else {
      this.fromUpstream = element;
    }
    this.counted();
  }

  onComplete(): void {
    this.close(0);
  }

  produce(max: number): ExpansionState {
    // A 'feed' that upstream did not answer at once: its element comes later, maybe without demand.
    this.feedingWithDemand = false;
    if (this.finished) return 'done';
    if (max === 0) return this.settle();
    const gate = this.context.gate;
    let emitted = 0;
    for (let empty = 0; empty < MaxEmptyTurns;) {
      if (emitted !== 0 && (emitted === max || !gate.open)) break;
      const up = this.fromUpstream;
      if (up !== None) {
        this.fromUpstream = None;
        this.downstream.onElement(up);
        emitted++;
        continue;
      }
      if (this.open === 0) return 'done'; // ended with this turn
      if (this.current === 0) {
        // Demand remains (the loop's top ended the turn otherwise): upstream's element goes out
        // as it comes.
        this.feedingWithDemand = true;
        return 'feed';
      }
      const index = this.current;
      const id = index - 1;
      const held = this.held[id];
      if (held !== undefined && held.length !== 0) {
        this.downstream.onElement(held.shift() as T); // non-null: not empty
        emitted++;
        this.counted();
        continue;
      }
      const inner = this.inners[id] as FusedInner<T>; // non-null: an open input
      const before = inner.emitted;
      if (!inner.done) {
        if (inner.waiting) break;
        inner.produce();
      }
      // Ended at its start, with its last element, or now (its segment may have moved on).
      if (inner.done) this.close(index);
      if (inner.emitted === before) empty++;
      else emitted++;
    }
    if (emitted !== 0) return 'more';
    if (this.open === 0) return 'done';
    return this.current !== 0 && this.inners[this.current - 1]?.waiting === true ? 'wait' : 'more';
  }

  /** No demand: sources that ended with their last element end, and a held upstream end comes in. */
  private settle(): ExpansionState {
    this.inners.forEach((inner, id) => {
      if (this.closed[id + 1] === true || (this.held[id]?.length ?? 0) !== 0) return;
      inner.settle();
      if (inner.done) this.close(id + 1);
    });
    if (this.open === 0) return 'done';
    // Upstream's completion, held by the chain while this runs, needs no demand either.
    return this.closed[0] === true ? 'more' : 'feed';
  }

  /** An element of the current input went out, or is on its way: the segment may be full. */
  private counted(): void {
    if (++this.taken === this.stage.segmentSize) this.next();
  }

  /** Input `index` completed: skipped from now on; the stream ends with the last. */
  private close(index: number): void {
    if (this.closed[index] === true) return;
    this.closed[index] = true;
    if (index !== 0) (this.inners[index - 1] as FusedInner<T>).stop(); // non-null: a source
    if (--this.open === 0) this.end();
    else if (index === this.current) this.next();
  }

  /** Moves to the next open input; upstream's held element still goes out first. */
  private next(): void {
    this.taken = 0;
    if (this.open === 0) return;
    const n = this.closed.length;
    do this.current = (this.current + 1) % n;
    while (this.closed[this.current] === true);
  }

  private end(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.fromUpstream !== None) {
      // Upstream's last element, in this segment: it goes out before the completion.
      const up = this.fromUpstream;
      this.fromUpstream = None;
      this.downstream.onElement(up);
    }
    this.downstream.onComplete();
  }

  onStop(): void {
    this.inners.forEach((inner, id) => {
      if (this.closed[id + 1] !== true) inner.stop();
    });
  }

  // ---- StepInnerOwner: the sources report here ----

  innerElement(element: T): void {
    const starting = this.starting;
    if (starting !== undefined) (this.held[starting] ??= []).push(element);
    else {
      this.downstream.onElement(element);
      this.counted();
    }
  }

  innerWoke(inner: FusedInner<T>): void {
    if (this.finished || this.inners[this.current - 1] !== inner) return;
    this.context.wake();
  }

  innerLabel(id: number): string {
    return `${this.context.label}/${this.stage.name}.in${String(id + 1)}`;
  }

  get outName(): string {
    return this.stage.shape.out.name;
  }
}

import { HostedStep } from './HostedStep.js';
import type { SourceStep, StepExpansion, StepSink } from './StepSink.js';

/** @internal What a fused chain runs for a feeding expansion once no expansion below it could. */
export interface ChainUpstream {
  /**
   * Runs the chain's upstream once (a held completion, the source, or a pull of the inlet for
   * `feeder`); false when nothing could run at once.
   */
  feedFromUpstream(feeder: StepExpansion): boolean;
  /** The chain has no demand and upstream is open: a merging step may take elements ahead. */
  mayPrefetch(): boolean;
}

/** The most source turns a merging step may take ahead without demand, in one go. */
const MaxPrefetchTurns = 64;

/**
 * @internal The expansions running in a fused chain, oldest first (the newest is driven first), and
 * the feeding between them: an expansion that reports `'feed'` gets what is upstream of it run once.
 * An expansion started while one is being fed goes below the feeding one, whose upstream it is.
 */
export class ExpansionStack {
  /** Oldest first; the chain's drive loop reads it directly. */
  readonly list: StepExpansion[] = [];
  /** The expansion that reported `'feed'`, while what is upstream of it runs; else -1. */
  private feedingAt = -1;
  /** The expansion that reported `'feed'` and got the inlet pulled, until the element arrives. */
  pullFeeder: StepExpansion | undefined = undefined;
  /** While the chain starts: where the starting step's expansions go; else -1. */
  private startAt = -1;

  constructor(private readonly upstream: ChainUpstream) {}

  add(expansion: StepExpansion): void {
    if (this.startAt >= 0) this.list.splice(this.startAt++, 0, expansion);
    else if (this.feedingAt >= 0) this.list.splice(this.feedingAt++, 0, expansion);
    else this.list.push(expansion);
  }

  /**
   * The chain starts its steps sink first, and the next one is upstream of every step started so
   * far: what it expands goes below their expansions, so the stack keeps the chain's order (the
   * newest, driven first, is the one furthest downstream).
   */
  startingStep(): void {
    this.startAt = 0;
  }

  /** Every step has started. */
  started(): void {
    this.startAt = -1;
  }

  remove(expansion: StepExpansion): void {
    this.list.splice(this.list.lastIndexOf(expansion), 1);
  }

  clear(): void {
    this.list.length = 0;
  }

  /**
   * The expansion at `index` reported `'feed'`: runs what is upstream of it once (the expansion
   * below, or the chain's upstream). False when nothing could run at once: the chain then stops
   * until upstream's push or completion, or a `wake()`.
   */
  feed(index: number): boolean {
    const was = this.feedingAt;
    this.feedingAt = index;
    try {
      return this.feedBelow(index);
    } finally {
      this.feedingAt = was;
    }
  }

  private feedBelow(index: number): boolean {
    const list = this.list;
    // The nearest expansion downstream of what runs: what it is fed may throw, and it may take that.
    let feeder = list[index] as StepExpansion; // non-null: index in range
    try {
      for (let i = index - 1; i >= 0; i--) {
        const expansion = list[i] as StepExpansion; // non-null: index in range
        // One element: the step that asked takes upstream's elements one at a time.
        const state = expansion.produce(1);
        if (state === 'done') {
          this.remove(expansion);
          return true;
        }
        if (state === 'wait') return false;
        if (state !== 'feed') return true;
        feeder = expansion;
        // A hosted stage takes its elements from the steps before it: what they start goes below it.
        if (expansion instanceof HostedStep) this.feedingAt = i;
      }
      return this.upstream.feedFromUpstream(list[index] as StepExpansion); // non-null: in range
    } catch (error) {
      if (feeder.upstreamFailed === undefined) throw error;
      feeder.upstreamFailed(error);
      return true;
    }
  }

  /**
   * A burst of the source through the hosted stages on the stack, the lowest at `index`: what
   * starts upstream of them meanwhile goes below it, as in a feed.
   */
  burst(index: number, source: SourceStep, max: number): void {
    const was = this.feedingAt;
    this.feedingAt = index;
    try {
      source.produceBurst?.(max);
    } finally {
      this.feedingAt = was;
    }
  }

  /**
   * A hosted stage at `index` passes an element on in a burst: what starts meanwhile goes right
   * above it. Returns what {@link restore} puts back.
   */
  above(index: number): number {
    const was = this.feedingAt;
    this.feedingAt = index + 1;
    return was;
  }

  restore(feedingAt: number): void {
    this.feedingAt = feedingAt;
  }

  /** The element a feeding expansion pulled for: an expansion it starts goes below the feeder. */
  fedFromInlet(element: unknown, head: StepSink<unknown>): void {
    const feeder = this.pullFeeder as StepExpansion; // set with the pull
    this.pullFeeder = undefined;
    const was = this.feedingAt;
    this.feedingAt = this.list.indexOf(feeder);
    try {
      head.onElement(element);
    } finally {
      this.feedingAt = was;
    }
  }

  /**
   * Without demand, lets a merging step alone on the stack take upstream's elements ahead (its
   * `produce(0)` reports `'feed'`): `flatMapMerge` starts its inner sources before the first pull,
   * as Pekko's does.
   */
  prefetch(): void {
    const list = this.list;
    // Bounded: a filter before the step may drop every element it is fed.
    for (let tries = 0; tries < MaxPrefetchTurns; tries++) {
      if (list.length !== 1 || !this.upstream.mayPrefetch()) return;
      const expansion = list[0] as StepExpansion; // non-null: one
      if (expansion.feeds !== true || expansion.produce(0) !== 'feed') return;
      if (!this.feed(0)) return;
    }
  }
}

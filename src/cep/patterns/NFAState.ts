import type { CompiledPattern } from './compilePattern.js';
import type { DeadlineRule } from './DeadlineRule.js';
import { buildMatch } from './MatchContext.js';
import type { NFAShared } from './NFAShared.js';
import { earliestStart, type PartialMatch } from './PartialMatch.js';
import { Pending, prunePending, sortByStart } from './Pending.js';
import type { BufferNode, SharedBuffer } from './SharedBuffer.js';
import { skipBound } from './skipBound.js';

/**
 * @internal What the NFA of one key holds, and its upkeep: the live partial matches, the matches
 * a skip strategy holds back, the earliest deadline; timing out, pruning, the bound. The
 * {@link NFA} subclass adds the transitions. One object per key, not a state object beside it:
 * every object a key's event touches is a likely cache miss with thousands of keys.
 */
export abstract class NFAState<T> {
  /**
   * The live partial matches are `partials[0, count)`; the slots after it are empty. An event's
   * successors are written over the slots already read, in place, while no partial match
   * branched past the one being read; then they spill to `next`, and the two arrays swap.
   */
  protected partials: (PartialMatch<T> | undefined)[] = [];
  protected count = 0;
  protected next: (PartialMatch<T> | undefined)[] = [];
  /** While an event is matched: where successors go (`partials` or `next`) and how many. */
  protected target: (PartialMatch<T> | undefined)[];
  protected nextCount = 0;
  /**
   * While an event is matched: the first slot of `target` that holds an unread partial match; -1
   * when none (a small integer, not `Infinity`: V8 keeps such a field in the object, where a
   * double field is a separate box, one more cache miss per event).
   */
  protected limit = -1;
  private readonly pending: Pending<T>[] = [];
  /** `pending.length`, kept here so that an event does not touch the array when none pend. */
  private pendingCount = 0;
  /** False once its rule was swapped or removed with `'finish'`: no new partial match starts. */
  protected isStarting = true;
  protected readonly pattern: CompiledPattern;
  /** The number of steps: a partial match at step `n` waits out a trailing `notFollowedBy`. */
  protected readonly n: number;
  protected readonly deadlines: DeadlineRule;
  protected readonly buffer: SharedBuffer<T>;

  constructor(
    /** Mutable: an NFA left without partial matches is reused for another key. */
    public key: unknown,
    protected readonly shared: NFAShared<T>,
  ) {
    this.target = this.partials;
    this.pattern = shared.pattern;
    this.n = shared.pattern.steps.length;
    this.deadlines = shared.deadlines;
    this.buffer = shared.buffer;
  }

  get size(): number {
    return this.count + this.pendingCount;
  }

  /**
   * Scans the partial matches rather than keeping their earliest deadline: the operator calls it
   * only when a deadline entry of this NFA is due, and a kept minimum would be touched on every
   * event.
   */
  advanceTime(time: number): void {
    if (!this.deadlines.hasDeadlines) return;
    this.remove(time, true);
    this.drain();
  }

  finish(): void {
    const partials = this.partials;
    this.shared.metrics.partialMatches -= this.count;
    for (let k = 0; k < this.count; k++) {
      const pm = partials[k] as PartialMatch<T>; // non-null: k < count
      partials[k] = undefined;
      this.buffer.release(pm.node);
      this.buffer.recycle(pm);
    }
    this.count = 0;
    this.drain();
  }

  stopStarting(): void {
    this.isStarting = false;
  }

  timeOutAll(time: number): void {
    const partials = this.partials;
    const count = this.count;
    this.shared.metrics.partialMatches -= count;
    this.count = 0;
    for (let k = 0; k < count; k++) {
      const pm = partials[k] as PartialMatch<T>; // non-null: k < count
      partials[k] = undefined;
      this.timeOut(pm, time);
      this.buffer.recycle(pm);
    }
    this.drain();
  }

  /** A match found, held by the caller's reference to `node` until it is emitted. */
  protected addPending(node: BufferNode<T>, startSeq: number): void {
    this.pending.push(new Pending(node, startSeq));
    this.pendingCount++;
  }

  /** A successor would overwrite an unread partial match: the successors move to `next`. */
  protected spill(): void {
    const from = this.partials;
    const to = this.next;
    for (let k = 0; k < this.nextCount; k++) {
      to[k] = from[k];
      from[k] = undefined;
    }
    this.target = to;
    this.limit = -1;
  }

  /** Emits the pending matches the skip strategy lets out, in order of their first event. */
  protected drain(): void {
    if (this.pendingCount === 0) return;
    const pending = this.pending;
    if (pending.length > 1) sortByStart(pending);
    const isNoSkip = this.pattern.skip.kind === 'noSkip';
    const shared = this.shared;
    while (pending.length > 0) {
      const m = pending[0] as Pending<T>; // non-null: length > 0
      if (!isNoSkip && earliestStart(this.partials, this.count) < m.startSeq) break;
      pending.shift();
      shared.metrics.matches++;
      shared.out.onMatch(buildMatch(this.pattern, m.node));
      const bound = skipBound(this.pattern, m.node);
      if (bound !== undefined) this.prune(bound);
      this.buffer.release(m.node);
    }
    this.pendingCount = pending.length;
  }

  /** Discards the partial and pending matches that started before event `bound`. */
  private prune(bound: number): void {
    this.remove(bound, false);
    prunePending(this.pending, bound, this.buffer);
  }

  /**
   * Removes, in place and in order, the partial matches due by time `at` (`isDue`: timed out, or
   * matched if waiting out a trailing `notFollowedBy`), or else started before event `at`
   * (released).
   */
  private remove(at: number, isDue: boolean): void {
    const partials = this.partials;
    const count = this.count;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const pm = partials[k] as PartialMatch<T>; // non-null: k < count
      partials[k] = undefined;
      if (isDue ? pm.deadline > at : pm.startSeq >= at) {
        partials[kept++] = pm;
        continue;
      }
      this.shared.metrics.partialMatches--;
      if (!isDue) this.buffer.release(pm.node);
      else if (pm.step === this.n) this.addPending(pm.node, pm.startSeq);
      else this.timeOut(pm, pm.deadline);
      this.buffer.recycle(pm);
    }
    this.count = kept;
  }

  private timeOut(pm: PartialMatch<T>, deadline: number): void {
    const shared = this.shared;
    shared.metrics.timedOut++;
    // Without a timedOut sink the match object would be built for nothing.
    if (shared.out.hasTimedOutSink) {
      shared.out.onTimedOut(this.key, buildMatch(this.pattern, pm.node), deadline);
    }
    this.buffer.release(pm.node);
  }

  /** Over the bound: fail, or drop or time out the oldest partial matches. */
  protected overflow(time: number): void {
    const { maxPartialMatches, onOverflow, metrics, out } = this.shared;
    if (onOverflow === 'fail') throw out.tooMany(this.key);
    const live = this.partials.slice(0, this.count) as PartialMatch<T>[];
    live.sort((a, b) => a.startSeq - b.startSeq);
    const excess = live.splice(0, live.length - maxPartialMatches);
    this.partials.fill(undefined);
    for (let k = 0; k < live.length; k++) this.partials[k] = live[k];
    this.count = live.length;
    metrics.partialMatches -= excess.length;
    for (const pm of excess) {
      if (onOverflow === 'timeOut') this.timeOut(pm, time);
      else {
        metrics.dropped++;
        this.buffer.release(pm.node);
      }
      this.buffer.recycle(pm);
    }
    this.drain();
  }
}

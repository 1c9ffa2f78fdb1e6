import type { CompiledPattern, CompiledStep, Test } from './compilePattern.js';
import type { DeadlineRule } from './DeadlineRule.js';
import type { KeyMatcher } from './KeyMatcher.js';
import { buildMatch } from './MatchContext.js';
import { earliestStart, PartialMatch } from './PartialMatch.js';
import type { NFAShared } from './NFAShared.js';
import { Pending, prunePending, sortByStart } from './Pending.js';
import { type BufferNode, EventEntry, type SharedBuffer } from './SharedBuffer.js';
import { skipBound } from './skipBound.js';

/**
 * @internal The NFA of one key, after Flink's: on each event every partial match takes it into
 * its step, ignores it (as its contiguity allows) or proceeds to the next step and tries there;
 * a fresh start is tried on every event. Events live in the shared buffer; a partial match is a
 * path in it.
 *
 * Written for speed: the partial matches sit in two arrays used as double buffers with their own
 * counts (setting an array's length to 0 frees its storage in V8, and the next push allocates it
 * again), a partial match with one successor becomes it in place, and the earliest deadline is
 * kept as partial matches change instead of being scanned for.
 */
export class NFA<T> implements KeyMatcher<T> {
  /** The live partial matches are `partials[0, count)`; the slots after it are empty. */
  private partials: (PartialMatch<T> | undefined)[] = [];
  private count = 0;
  /** The successors being built for the current event, `next[0, nextCount)`. */
  private next: (PartialMatch<T> | undefined)[] = [];
  private nextCount = 0;
  private readonly pending: Pending<T>[] = [];
  /**
   * The earliest deadline of the partial matches (`within`), kept up to date as they change so
   * that no event scans for it; `Number.MAX_SAFE_INTEGER` when none or without `within`.
   */
  private deadline = Number.MAX_SAFE_INTEGER;
  /** While an event is matched: the earliest deadline of the successors built so far. */
  private successorDeadline = Number.MAX_SAFE_INTEGER;
  /**
   * While an event is matched: the deadline of the partial match expanded (`NaN` for a fresh
   * start). A successor with the same deadline needs no new entry in the operator's deadline
   * queue: the live partial match it comes from has one.
   */
  private parentDeadline = Number.NaN;
  /** The deadline this NFA last put in the operator's deadline queue; `NaN` before any. */
  private scheduled = Number.NaN;
  /** While an event is matched: the partial match expanded, until a successor takes its object. */
  private spare: PartialMatch<T> | undefined = undefined;
  /** The node `spare` held: a successor in its object at the same node inherits its reference. */
  private spareNode: BufferNode<T> | undefined = undefined;
  /** Counts inherited references: the expansion of one partial match inherits at most one. */
  private inherited = 0;
  // The event being matched, and its buffer entry once a step took it.
  private event: T | undefined = undefined;
  private ts = 0;
  private seq = 0;
  private entry: EventEntry<T> | undefined = undefined;
  private readonly pattern: CompiledPattern;
  private readonly steps: readonly CompiledStep[];
  private readonly n: number;
  private readonly hasMoreAfterLast: boolean;
  private readonly deadlines: DeadlineRule;
  private readonly buffer: SharedBuffer<T>;
  /** False once its rule was swapped or removed with `'finish'`: no new partial match starts. */
  private isStarting = true;

  constructor(
    /** Mutable: an NFA left without partial matches is reused for another key. */
    public key: unknown,
    private readonly shared: NFAShared<T>,
  ) {
    const pattern = shared.pattern;
    this.pattern = pattern;
    this.steps = pattern.steps;
    this.n = pattern.steps.length;
    this.hasMoreAfterLast = pattern.trailing !== undefined;
    this.buffer = shared.buffer;
    this.deadlines = shared.deadlines;
  }

  get size(): number {
    return this.count + this.pending.length;
  }

  process(event: T, timestamp: number, seq: number): void {
    if (this.deadline <= timestamp) this.advanceTime(timestamp);
    this.event = event;
    this.ts = timestamp;
    this.seq = seq;
    this.entry = undefined;
    this.successorDeadline = Number.MAX_SAFE_INTEGER;
    const old = this.partials;
    const count = this.count;
    for (let k = 0; k < count; k++) {
      const pm = old[k] as PartialMatch<T>; // non-null: k < count
      old[k] = undefined;
      const node = pm.node;
      // The first successor reuses pm's object: its fields are read into the arguments here,
      // before any successor is built.
      this.spare = pm;
      this.spareNode = node;
      const inherited = this.inherited;
      this.parentDeadline = pm.deadline;
      this.expand(pm.step, pm.count, node, pm.mayProceed, pm.startSeq, pm.startTs, pm.lastTs);
      // An inherited reference saves touching the node twice (retain, release) per event.
      if (this.inherited === inherited) this.buffer.release(node);
    }
    this.spare = undefined;
    this.spareNode = undefined;
    this.parentDeadline = Number.NaN;
    if (this.isStarting) this.expand(0, 0, undefined, true, seq, timestamp, timestamp);
    this.shared.metrics.partialMatches += this.nextCount - count;
    this.partials = this.next;
    this.count = this.nextCount;
    this.next = old;
    this.nextCount = 0;
    this.deadline = this.successorDeadline;
    this.event = undefined;
    this.entry = undefined;
    this.drain();
    if (this.count > this.shared.maxPartialMatches) this.overflow();
  }

  advanceTime(time: number): void {
    if (!this.deadlines.hasDeadlines || this.deadline > time) return;
    const partials = this.partials;
    const count = this.count;
    let kept = 0;
    let earliest = Number.MAX_SAFE_INTEGER;
    for (let k = 0; k < count; k++) {
      const pm = partials[k] as PartialMatch<T>; // non-null: k < count
      partials[k] = undefined;
      const deadline = pm.deadline;
      if (deadline > time) {
        partials[kept++] = pm;
        if (deadline < earliest) earliest = deadline;
        continue;
      }
      this.shared.metrics.partialMatches--;
      if (pm.step === this.n) {
        // A trailing notFollowedBy held for `within`: that is its match.
        this.pending.push(new Pending(pm.node, pm.startSeq));
        continue;
      }
      this.timeOut(pm, deadline);
    }
    this.count = kept;
    this.deadline = earliest;
    this.drain();
  }

  nextDeadline(): number {
    return this.deadline;
  }

  finish(): void {
    const partials = this.partials;
    this.shared.metrics.partialMatches -= this.count;
    for (let k = 0; k < this.count; k++) {
      this.buffer.release((partials[k] as PartialMatch<T>).node); // non-null: k < count
      partials[k] = undefined;
    }
    this.count = 0;
    this.deadline = Number.MAX_SAFE_INTEGER;
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
    this.deadline = Number.MAX_SAFE_INTEGER;
    for (let k = 0; k < count; k++) {
      const pm = partials[k] as PartialMatch<T>; // non-null: k < count
      partials[k] = undefined;
      this.timeOut(pm, time);
    }
    this.drain();
  }

  /** Tries partial match (step, count) on the current event, following proceed edges. */
  private expand(
    i: number,
    c: number,
    node: BufferNode<T> | undefined,
    mayProceed: boolean,
    startSeq: number,
    startTs: number,
    lastTs: number,
  ): void {
    if (i === this.n) {
      this.expandTrailing(node, startSeq, startTs, lastTs);
      return;
    }
    const s = this.steps[i] as CompiledStep; // non-null: i < n
    if (c === 0) {
      if (s.guardFollowedBy !== undefined && this.test(s.guardFollowedBy, node)) return;
      if (mayProceed && s.guardNext !== undefined && this.test(s.guardNext, node)) return;
    }
    const isUntil = s.until !== undefined && this.test(s.until, node);
    const isCondition = s.condition === undefined || this.test(s.condition, node);
    const isTaken = c < s.max && isCondition && !isUntil;
    if (isTaken) this.take(s, i, c, node, startSeq, startTs);
    const mode = c === 0 ? s.contiguity : s.inner;
    const canIgnore = mode === 'any' || (mode === 'relaxed' && !isCondition && !isUntil);
    if (canIgnore && node !== undefined) {
      this.keep(i, c, node, false, startSeq, startTs, lastTs);
    }
    const isSkipping = c === 0 && s.isOptional;
    const hasCount = c >= s.min || isSkipping;
    const canProceed = s.isGreedy
      ? hasCount &&
        !isTaken &&
        (!canIgnore || (s.followingTake !== undefined && this.test(s.followingTake, node)))
      : hasCount && mayProceed;
    if (!canProceed) return;
    // A step's count moves it to `next`; skipping it goes where it skips to (a group's exit).
    if (c >= s.min) this.proceed(s.next, node, startSeq, startTs, lastTs);
    else for (const to of s.skips) this.proceed(to, node, startSeq, startTs, lastTs);
  }

  private proceed(
    to: number,
    node: BufferNode<T> | undefined,
    startSeq: number,
    startTs: number,
    lastTs: number,
  ): void {
    if (to < this.n || this.hasMoreAfterLast) {
      this.expand(to, 0, node, true, startSeq, startTs, lastTs);
    }
  }

  private take(
    s: CompiledStep,
    i: number,
    c: number,
    node: BufferNode<T> | undefined,
    startSeq: number,
    startTs: number,
  ): void {
    // Nodes record the match entry (slot), which group copies of a step share.
    const taken = this.buffer.take(node, this.currentEntry(), s.slot);
    const count = c + 1;
    const ts = this.ts;
    if (count >= s.min && s.isFinalAfter) {
      this.buffer.retain(taken);
      this.pending.push(new Pending(taken, startSeq));
    }
    if (count < s.max) this.keep(i, count, taken, true, startSeq, startTs, ts);
    else if (s.next < this.n || this.hasMoreAfterLast) {
      this.keep(s.next, 0, taken, true, startSeq, startTs, ts);
    }
    this.buffer.dropIfUnheld(taken);
  }

  /** The negative step at the end: `notNext` matches on a passing event, `notFollowedBy` waits. */
  private expandTrailing(
    node: BufferNode<T> | undefined,
    startSeq: number,
    startTs: number,
    lastTs: number,
  ): void {
    const trailing = this.pattern.trailing;
    if (node === undefined || trailing === undefined || this.test(trailing.test, node)) return;
    if (trailing.kind === 'notNext') {
      this.buffer.retain(node);
      this.pending.push(new Pending(node, startSeq));
    } else {
      this.keep(this.n, 0, node, false, startSeq, startTs, lastTs);
    }
  }

  /** Adds a successor for the current event, in the object of the partial match expanded if free. */
  private keep(
    i: number,
    c: number,
    node: BufferNode<T>,
    mayProceed: boolean,
    startSeq: number,
    startTs: number,
    lastTs: number,
  ): void {
    const deadline = this.deadlines.hasDeadlines
      ? this.deadlineFor(i, c, startTs, lastTs)
      : Number.POSITIVE_INFINITY;
    let pm = this.spare;
    if (pm === undefined) {
      this.buffer.retain(node);
      pm = new PartialMatch(i, c, node, mayProceed, startSeq, startTs, lastTs, deadline);
    } else {
      this.spare = undefined;
      if (node === this.spareNode) this.inherited++;
      else this.buffer.retain(node);
      pm.set(i, c, node, mayProceed, startSeq, startTs, lastTs, deadline);
    }
    this.next[this.nextCount++] = pm;
  }

  /**
   * A successor's deadline; puts it in the operator's deadline queue unless an entry there
   * already covers it: its parent's, or the last this NFA scheduled (unless that one has fired,
   * which only a deadline at or before the current event can tell). Fresh starts and `within`
   * from the previous event schedule in time order, so the queue stays a FIFO.
   */
  private deadlineFor(i: number, c: number, startTs: number, lastTs: number): number {
    const deadline = this.deadlines.of(i, c, startTs, lastTs);
    if (deadline < this.successorDeadline) this.successorDeadline = deadline;
    if (
      deadline !== this.parentDeadline &&
      (deadline !== this.scheduled || deadline <= this.ts) &&
      deadline !== Number.POSITIVE_INFINITY
    ) {
      this.scheduled = deadline;
      this.shared.out.schedule(this, deadline);
    }
    return deadline;
  }

  private currentEntry(): EventEntry<T> {
    return (this.entry ??= new EventEntry(this.event as T, this.ts, this.seq));
  }

  private test(test: Test, node: BufferNode<T> | undefined): boolean {
    const ctx = this.shared.ctx;
    ctx.node = node;
    ctx.timestamp = this.ts;
    return test(this.event, ctx);
  }

  /** Emits the pending matches the skip strategy lets out, in order of their first event. */
  private drain(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
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
  }

  /** Discards the partial and pending matches that started before event `bound`. */
  private prune(bound: number): void {
    const partials = this.partials;
    const count = this.count;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const pm = partials[k] as PartialMatch<T>; // non-null: k < count
      partials[k] = undefined;
      if (pm.startSeq >= bound) partials[kept++] = pm;
      else {
        this.shared.metrics.partialMatches--;
        this.buffer.release(pm.node);
      }
    }
    this.count = kept;
    this.resetDeadline();
    prunePending(this.pending, bound, this.buffer);
  }

  /** After partial matches were removed: the earliest deadline of those left. */
  private resetDeadline(): void {
    let earliest = Number.MAX_SAFE_INTEGER;
    if (this.deadlines.hasDeadlines) {
      const partials = this.partials;
      for (let k = 0; k < this.count; k++) {
        const deadline = (partials[k] as PartialMatch<T>).deadline; // non-null: k < count
        if (deadline < earliest) earliest = deadline;
      }
    }
    this.deadline = earliest;
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
  private overflow(): void {
    const { maxPartialMatches, onOverflow, metrics, out } = this.shared;
    if (onOverflow === 'fail') throw out.tooMany(this.key);
    const live = this.partials.slice(0, this.count) as PartialMatch<T>[];
    live.sort((a, b) => a.startSeq - b.startSeq);
    const excess = live.splice(0, live.length - maxPartialMatches);
    this.partials.fill(undefined);
    for (let k = 0; k < live.length; k++) this.partials[k] = live[k];
    this.count = live.length;
    this.resetDeadline();
    metrics.partialMatches -= excess.length;
    for (const pm of excess) {
      if (onOverflow === 'timeOut') this.timeOut(pm, this.ts);
      else {
        metrics.dropped++;
        this.buffer.release(pm.node);
      }
    }
    this.drain();
  }
}

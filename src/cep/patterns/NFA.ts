import type { CompiledStep, Test } from './compilePattern.js';
import type { KeyMatcher } from './KeyMatcher.js';
import type { NFAShared } from './NFAShared.js';
import { NFAState } from './NFAState.js';
import { PartialMatch } from './PartialMatch.js';
import type { BufferNode, EventEntry } from './SharedBuffer.js';

/**
 * @internal The NFA of one key, after Flink's: on each event every partial match takes it into
 * its step, ignores it (as its contiguity allows) or proceeds to the next step and tries there;
 * a fresh start is tried on every event. Events live in the shared buffer; a partial match is a
 * path in it. {@link NFAState} holds the partial matches and their upkeep; this class the
 * transitions.
 *
 * Written for speed: successors are written in place over the partial matches already read (one
 * array touched per event, not two), a partial match with one successor becomes it in place, and
 * an event reads no deadline: the operator times out what is due from its deadline queue first.
 */
export class NFA<T> extends NFAState<T> implements KeyMatcher<T> {
  /**
   * While an event is matched: the deadline of the partial match expanded, unless `isFresh` (a
   * fresh start). A successor with the same deadline needs no new entry in the operator's
   * deadline queue: the live partial match it comes from has one. (No `NaN` or `Infinity`
   * sentinels in number fields: V8 would box the field, one more cache miss per event.)
   */
  private parentDeadline = 0;
  private isFresh = true;
  /** The deadline this NFA last put in the operator's deadline queue, if `hasScheduled`. */
  private scheduled = 0;
  private hasScheduled = false;
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
  private readonly steps: readonly CompiledStep[];
  private readonly hasMoreAfterLast: boolean;

  constructor(key: unknown, shared: NFAShared<T>) {
    super(key, shared);
    this.steps = shared.pattern.steps;
    this.hasMoreAfterLast = shared.pattern.trailing !== undefined;
  }

  process(event: T, timestamp: number, seq: number): void {
    this.event = event;
    this.ts = timestamp;
    this.seq = seq;
    this.entry = undefined;
    const partials = this.partials;
    const count = this.count;
    this.target = partials;
    for (let k = 0; k < count; k++) {
      const pm = partials[k] as PartialMatch<T>; // non-null: k < count
      partials[k] = undefined;
      // Successors may overwrite the slots read so far, not the next one.
      this.limit = k + 1 < count && this.target === partials ? k + 1 : -1;
      const node = pm.node;
      // The first successor reuses pm's object: its fields are read into the arguments here,
      // before any successor is built.
      this.spare = pm;
      this.spareNode = node;
      const inherited = this.inherited;
      this.parentDeadline = pm.deadline;
      this.isFresh = false;
      this.expand(pm.step, pm.count, node, pm.mayProceed, pm.startSeq, pm.startTs, pm.lastTs);
      // An inherited reference saves touching the node twice (retain, release) per event.
      if (this.inherited === inherited) this.buffer.release(node);
      this.recycleSpare();
    }
    this.limit = -1;
    this.spare = undefined;
    this.spareNode = undefined;
    this.isFresh = true;
    if (this.isStarting) this.expand(0, 0, undefined, true, seq, timestamp, timestamp);
    this.shared.metrics.partialMatches += this.nextCount - count;
    if (this.target !== partials) {
      this.partials = this.target;
      this.next = partials;
    }
    this.count = this.nextCount;
    this.nextCount = 0;
    this.event = undefined;
    this.endEvent();
    this.drain();
    if (this.count > this.shared.maxPartialMatches) this.overflow(timestamp);
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
      this.addPending(taken, startSeq);
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
      this.addPending(node, startSeq);
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
      pm = this.buffer.recycledPartial();
    } else {
      this.spare = undefined;
      if (node === this.spareNode) this.inherited++;
      else this.buffer.retain(node);
    }
    if (pm === undefined) {
      pm = new PartialMatch(i, c, node, mayProceed, startSeq, startTs, lastTs, deadline);
    } else pm.set(i, c, node, mayProceed, startSeq, startTs, lastTs, deadline);
    if (this.nextCount === this.limit) this.spill();
    this.target[this.nextCount++] = pm;
  }

  /**
   * A successor's deadline; puts it in the operator's deadline queue unless an entry there
   * already covers it: its parent's, or the last this NFA scheduled (unless that one has fired,
   * which only a deadline at or before the current event can tell). Fresh starts and `within`
   * from the previous event schedule in time order, so the queue stays a FIFO.
   */
  private deadlineFor(i: number, c: number, startTs: number, lastTs: number): number {
    const deadline = this.deadlines.of(i, c, startTs, lastTs);
    if (
      (this.isFresh || deadline !== this.parentDeadline) &&
      (!this.hasScheduled || deadline !== this.scheduled || deadline <= this.ts) &&
      deadline !== Number.POSITIVE_INFINITY
    ) {
      this.scheduled = deadline;
      this.hasScheduled = true;
      this.shared.out.schedule(this, deadline);
    }
    return deadline;
  }

  /** No successor took the object of the partial match expanded: it ended. */
  private recycleSpare(): void {
    if (this.spare !== undefined) this.buffer.recycle(this.spare);
  }

  private endEvent(): void {
    if (this.entry === undefined) return;
    this.buffer.endEvent(this.entry);
    this.entry = undefined;
  }

  private currentEntry(): EventEntry<T> {
    return (this.entry ??= this.buffer.entry(this.event as T, this.ts, this.seq));
  }

  private test(test: Test, node: BufferNode<T> | undefined): boolean {
    const ctx = this.shared.ctx;
    ctx.node = node;
    ctx.timestamp = this.ts;
    return test(this.event, ctx);
  }
}

import type { CompiledPattern, CompiledStep, Test } from './compilePattern.js';
import type { KeyMatcher, MatcherOutput } from './KeyMatcher.js';
import { buildMatch, MatchContext } from './MatchContext.js';
import type { PatternMetrics } from './PatternMetrics.js';
import { type BufferNode, EventEntry, type SharedBuffer } from './SharedBuffer.js';

/** @internal One partial match: where it stands in the pattern and the path of its events. */
class PartialMatch<T> {
  constructor(
    readonly step: number,
    /** Events taken by `step` so far. */
    readonly count: number,
    readonly node: BufferNode<T>,
    /** It may move on to the next step: false once it ignored an event (Flink's ignore states). */
    readonly mayProceed: boolean,
    readonly startSeq: number,
    readonly startTs: number,
    readonly lastTs: number,
  ) {}
}

/** @internal A match found, waiting for the skip strategy to let it out. */
class Pending<T> {
  constructor(
    readonly node: BufferNode<T>,
    readonly startSeq: number,
  ) {}
}

/**
 * @internal The NFA of one key, after Flink's: on each event every partial match takes it into
 * its step, ignores it (as its contiguity allows) or proceeds to the next step and tries there;
 * a fresh start is tried on every event. Events live in the shared buffer; a partial match is a
 * path in it.
 */
export class NFA<T> implements KeyMatcher<T> {
  scheduledAt = Number.MAX_SAFE_INTEGER;
  private partials: PartialMatch<T>[] = [];
  private next: PartialMatch<T>[] = [];
  private readonly pending: Pending<T>[] = [];
  private readonly ctx: MatchContext<T>;
  private readonly steps: readonly CompiledStep[];
  private readonly n: number;
  // The event being matched, and its buffer entry once a step took it.
  private event: T | undefined = undefined;
  private ts = 0;
  private seq = 0;
  private entry: EventEntry<T> | undefined = undefined;
  private isStarting = true;

  constructor(
    readonly key: unknown,
    private readonly pattern: CompiledPattern,
    private readonly buffer: SharedBuffer<T>,
    private readonly metrics: PatternMetrics,
    private readonly out: MatcherOutput,
    private readonly maxPartialMatches: number,
    private readonly onOverflow: 'fail' | 'dropOldest' | 'timeOut',
  ) {
    this.ctx = new MatchContext<T>(pattern);
    this.steps = pattern.steps;
    this.n = pattern.steps.length;
  }

  get size(): number {
    return this.partials.length + this.pending.length;
  }

  process(event: T, timestamp: number, seq: number): void {
    this.advanceTime(timestamp);
    this.event = event;
    this.ts = timestamp;
    this.seq = seq;
    this.entry = undefined;
    const old = this.partials;
    for (const pm of old) {
      this.expand(pm.step, pm.count, pm.node, pm.mayProceed, pm.startSeq, pm.startTs, pm.lastTs);
    }
    if (this.isStarting) this.expand(0, 0, undefined, true, seq, timestamp, timestamp);
    for (const pm of old) this.buffer.release(pm.node);
    this.metrics.partialMatches += this.next.length - old.length;
    old.length = 0;
    this.partials = this.next;
    this.next = old;
    this.event = undefined;
    this.drain();
    if (this.partials.length > this.maxPartialMatches) this.overflow();
  }

  advanceTime(time: number): void {
    const within = this.pattern.withinMs;
    if (within === undefined || this.nextDeadline() > time) return;
    const isFromStart = this.pattern.withinMode === 'firstAndLast';
    const partials = this.partials;
    let kept = 0;
    for (const pm of partials) {
      const deadline = (isFromStart ? pm.startTs : pm.lastTs) + within;
      if (deadline > time) {
        partials[kept++] = pm;
        continue;
      }
      this.metrics.partialMatches--;
      if (pm.step === this.n) {
        // A trailing notFollowedBy held for `within`: that is its match.
        this.pending.push(new Pending(pm.node, pm.startSeq));
        continue;
      }
      this.timeOut(pm, deadline);
    }
    partials.length = kept;
    this.drain();
  }

  nextDeadline(): number {
    const within = this.pattern.withinMs;
    if (within === undefined) return Number.MAX_SAFE_INTEGER;
    const isFromStart = this.pattern.withinMode === 'firstAndLast';
    let min = Number.MAX_SAFE_INTEGER;
    for (const pm of this.partials) {
      const deadline = (isFromStart ? pm.startTs : pm.lastTs) + within;
      if (deadline < min) min = deadline;
    }
    return min;
  }

  finish(): void {
    this.metrics.partialMatches -= this.partials.length;
    for (const pm of this.partials) this.buffer.release(pm.node);
    this.partials.length = 0;
    this.drain();
  }

  stopStarting(): void {
    this.isStarting = false;
  }

  timeOutAll(time: number): void {
    this.metrics.partialMatches -= this.partials.length;
    for (const pm of this.partials) this.timeOut(pm, time);
    this.partials.length = 0;
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
    const hasCount = c >= s.min || (c === 0 && s.isOptional);
    const canProceed = s.isGreedy
      ? hasCount &&
        !isTaken &&
        (!canIgnore || (s.followingTake !== undefined && this.test(s.followingTake, node)))
      : hasCount && mayProceed;
    if (canProceed && (i + 1 < this.n || this.pattern.trailing !== undefined)) {
      this.expand(i + 1, 0, node, true, startSeq, startTs, lastTs);
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
    const taken = this.buffer.take(node, this.currentEntry(), i);
    const count = c + 1;
    const ts = this.ts;
    if (count >= s.min && s.isFinalAfter) {
      this.buffer.retain(taken);
      this.pending.push(new Pending(taken, startSeq));
    }
    if (count < s.max) this.keep(i, count, taken, true, startSeq, startTs, ts);
    else if (i + 1 < this.n || this.pattern.trailing !== undefined) {
      this.keep(i + 1, 0, taken, true, startSeq, startTs, ts);
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

  private keep(
    i: number,
    c: number,
    node: BufferNode<T>,
    mayProceed: boolean,
    startSeq: number,
    startTs: number,
    lastTs: number,
  ): void {
    this.buffer.retain(node);
    this.next.push(new PartialMatch(i, c, node, mayProceed, startSeq, startTs, lastTs));
  }

  private currentEntry(): EventEntry<T> {
    return (this.entry ??= new EventEntry(this.event as T, this.ts, this.seq));
  }

  private test(test: Test, node: BufferNode<T> | undefined): boolean {
    const ctx = this.ctx;
    ctx.node = node;
    ctx.timestamp = this.ts;
    return test(this.event, ctx);
  }

  /** Emits the pending matches the skip strategy lets out, in order of their first event. */
  private drain(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    pending.sort((a, b) => a.startSeq - b.startSeq);
    const skip = this.pattern.skip;
    while (pending.length > 0) {
      const m = pending[0] as Pending<T>; // non-null: length > 0
      if (skip.kind !== 'noSkip' && this.earliestStart() < m.startSeq) break;
      pending.shift();
      this.metrics.matches++;
      this.out.onMatch(buildMatch(this.pattern, m.node));
      const bound = this.pruneBefore(m.node);
      if (bound !== undefined) this.prune(bound);
      this.buffer.release(m.node);
    }
  }

  private earliestStart(): number {
    let min = Number.MAX_SAFE_INTEGER;
    for (const pm of this.partials) if (pm.startSeq < min) min = pm.startSeq;
    return min;
  }

  /** Partial matches that started before the returned event id are discarded. */
  private pruneBefore(last: BufferNode<T>): number | undefined {
    const skip = this.pattern.skip;
    switch (skip.kind) {
      case 'noSkip':
        return undefined;
      case 'skipPastLastEvent':
        return last.entry.seq + 1;
      case 'skipToNext': {
        let first = last;
        while (first.prev !== undefined) first = first.prev;
        return first.entry.seq + 1;
      }
      case 'skipToFirst':
      case 'skipToLast': {
        const step = this.pattern.indexOf.get(skip.stepName as string);
        let found: number | undefined = undefined;
        for (let n: BufferNode<T> | undefined = last; n !== undefined; n = n.prev) {
          if (n.step !== step) continue;
          found = n.entry.seq;
          if (skip.kind === 'skipToLast') break;
        }
        if (found === undefined && skip.isThrowingOnMiss) {
          throw new Error(
            `${skip.kind}: the match has no event for step '${String(skip.stepName)}' to skip to`,
          );
        }
        return found;
      }
    }
  }

  private prune(bound: number): void {
    const partials = this.partials;
    let kept = 0;
    for (const pm of partials) {
      if (pm.startSeq >= bound) partials[kept++] = pm;
      else {
        this.metrics.partialMatches--;
        this.buffer.release(pm.node);
      }
    }
    partials.length = kept;
    const pending = this.pending;
    kept = 0;
    for (const m of pending) {
      if (m.startSeq >= bound) pending[kept++] = m;
      else this.buffer.release(m.node);
    }
    pending.length = kept;
  }

  private timeOut(pm: PartialMatch<T>, deadline: number): void {
    this.metrics.timedOut++;
    this.out.onTimedOut(this.key, buildMatch(this.pattern, pm.node), deadline);
    this.buffer.release(pm.node);
  }

  /** Over the bound: fail, or drop or time out the oldest partial matches. */
  private overflow(): void {
    if (this.onOverflow === 'fail') throw this.out.tooMany(this.key);
    const partials = this.partials;
    partials.sort((a, b) => a.startSeq - b.startSeq);
    const excess = partials.splice(0, partials.length - this.maxPartialMatches);
    this.metrics.partialMatches -= excess.length;
    for (const pm of excess) {
      if (this.onOverflow === 'timeOut') this.timeOut(pm, this.ts);
      else {
        this.metrics.dropped++;
        this.buffer.release(pm.node);
      }
    }
    this.drain();
  }
}

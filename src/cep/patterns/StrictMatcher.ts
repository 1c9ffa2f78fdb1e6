import type { CompiledPattern, Test } from './compilePattern.js';
import type { KeyMatcher, MatcherOutput } from './KeyMatcher.js';
import type { PatternMetrics } from './PatternMetrics.js';

/** @internal The most steps the bitmask of {@link StrictMatcher} holds. */
export const maxStrictSteps = 30;

/**
 * @internal The fast path for loop-free patterns of strict steps with simple conditions: with
 * strict contiguity a partial match that has taken j + 1 steps ends at the latest event, so one
 * bit per step says which are alive, and the last n events of the key are their content. An
 * event costs one test per live bit and allocates nothing unless it completes a match.
 */
export class StrictMatcher<T> implements KeyMatcher<T> {
  scheduledAt = Number.MAX_SAFE_INTEGER;
  /** Bit j: a partial match has taken steps 0..j, its last event being the latest. */
  private alive = 0;
  private readonly events: (T | undefined)[];
  private head = 0;
  private readonly n: number;
  private readonly tests: readonly Test[];
  private readonly names: readonly string[];
  private readonly isSkippingPast: boolean;
  private isStarting = true;

  constructor(
    /** Mutable: a matcher left without partial matches is reused for another key. */
    public key: unknown,
    pattern: CompiledPattern,
    private readonly metrics: PatternMetrics,
    private readonly out: MatcherOutput,
  ) {
    const steps = pattern.steps;
    this.n = steps.length;
    this.events = new Array<T | undefined>(this.n).fill(undefined);
    this.tests = steps.map((s) => s.condition ?? ((): boolean => true));
    this.names = steps.map((s) => s.name);
    this.isSkippingPast = pattern.skip.kind === 'skipPastLastEvent';
  }

  get size(): number {
    return this.alive === 0 ? 0 : 1;
  }

  process(event: T): void {
    const n = this.n;
    const tests = this.tests;
    const alive = this.alive;
    let next = 0;
    let count = 0;
    for (let j = n - 2; j >= 0; j--) {
      if ((alive & (1 << j)) !== 0 && tests[j + 1]?.(event, undefined) === true) {
        next |= 1 << (j + 1);
        count++;
      }
    }
    if (this.isStarting && tests[0]?.(event, undefined) === true) {
      next |= 1;
      count++;
    }
    this.events[this.head] = event;
    this.head = this.head + 1 === n ? 0 : this.head + 1;
    const final = 1 << (n - 1);
    if ((next & final) !== 0) {
      this.emit();
      next = this.isSkippingPast ? 0 : next & ~final;
      count = popCount(next);
    }
    this.metrics.partialMatches += count - popCount(alive);
    this.alive = next;
  }

  advanceTime(): void {
    // No `within` on this path.
  }

  nextDeadline(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  finish(): void {
    this.metrics.partialMatches -= popCount(this.alive);
    this.alive = 0;
  }

  stopStarting(): void {
    this.isStarting = false;
  }

  timeOutAll(time: number): void {
    for (let j = 0; j < this.n - 1; j++) {
      if ((this.alive & (1 << j)) === 0) continue;
      this.metrics.timedOut++;
      this.out.onTimedOut(this.key, this.content(j + 1), time);
    }
    this.finish();
  }

  private emit(): void {
    this.metrics.matches++;
    this.out.onMatch(this.content(this.n));
  }

  /** The match of the first `taken` steps, whose events are the latest `taken` of the key. */
  private content(taken: number): Record<string, unknown> {
    const match: Record<string, unknown> = {};
    const n = this.n;
    const events = this.events;
    for (let k = 0; k < n; k++) {
      const at = this.head + k - taken + n; // the oldest of the last n events sits at head
      match[this.names[k] as string] = k < taken ? events[at % n] : undefined;
    }
    return match;
  }
}

function popCount(bits: number): number {
  let count = 0;
  for (let b = bits; b !== 0; b &= b - 1) count++;
  return count;
}

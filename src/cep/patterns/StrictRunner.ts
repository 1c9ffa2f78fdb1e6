import type { CompiledPattern, Test } from './compilePattern.js';
import type { PatternMetrics } from './PatternMetrics.js';
import type { PatternSettings } from './PatternSettings.js';
import type { RuleRunner, RunnerOutput } from './RuleRunner.js';
import { StrictSlots } from './StrictSlots.js';

/** @internal The most steps the bitmask of {@link StrictRunner} holds. */
export const maxStrictSteps = 30;

/**
 * @internal Whether {@link StrictRunner} runs `pattern`. A key holds at most n - 1 partial matches
 * on it; under a lower `maxPartialMatches` the NFA runs the pattern, which enforces the bound.
 */
export function isStrictRunnable(pattern: CompiledPattern, maxPartialMatches: number): boolean {
  const n = pattern.steps.length;
  return pattern.isStrictFast && n <= maxStrictSteps && n - 1 <= maxPartialMatches;
}

/**
 * @internal The fast path for loop-free patterns of strict steps with simple conditions, for all
 * keys of a rule. With strict contiguity a partial match that has taken j + 1 steps ends at its
 * key's latest event, so a key's state is one integer (bit j: that partial match is alive) and
 * the content of its partial matches its last taken events. An event costs a map lookup and one
 * test per live bit, and allocates nothing unless it completes a match.
 */
export class StrictRunner<T> implements RuleRunner<T> {
  isStarting = true;
  liveKeys = 0;
  private readonly slots: StrictSlots<T>;
  private readonly n: number;
  /** The bit of a partial match that has taken every step. */
  private readonly final: number;
  private readonly first: Test;
  private readonly tests: readonly Test[];
  private readonly names: readonly string[];
  private readonly isSkippingPast: boolean;
  private readonly metrics: PatternMetrics;

  constructor(
    pattern: CompiledPattern,
    readonly ruleId: string | undefined,
    readonly version: number,
    private readonly settings: PatternSettings<T>,
    private readonly out: RunnerOutput<T>,
  ) {
    const steps = pattern.steps;
    this.n = steps.length;
    this.final = 1 << (this.n - 1);
    this.tests = steps.map((s) => s.condition ?? always);
    this.first = this.tests[0] ?? always;
    this.names = steps.map((s) => s.name);
    // skipToNext drops the partial matches that began with the match's first event: with strict
    // contiguity no other one did, so it keeps the same ones as noSkip.
    this.isSkippingPast = pattern.skip.kind === 'skipPastLastEvent';
    this.metrics = settings.metrics;
    this.slots = new StrictSlots<T>(this.n, settings.metrics);
  }

  match(event: T, key: unknown): void {
    const slots = this.slots;
    const slot = slots.find(key);
    const alive = slot < 0 ? 0 : (slots.state[slot] as number); // non-null: a slot of the table
    let next = this.isStarting && this.first(event, undefined) ? 1 : 0;
    if (alive !== 0) next |= this.advance(alive, event);
    if (next === 0) {
      if (alive !== 0) this.settle(slot, alive, 0);
      return;
    }
    this.take(slot < 0 ? slots.add(key) : slot, alive, next, event);
  }

  expire(): void {
    // No `within` on this path.
  }

  nextDeadline(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  finish(): void {
    let partial = 0;
    for (const bits of this.slots.state) partial += popCount(bits);
    this.metrics.partialMatches -= partial;
    this.metrics.keys -= this.liveKeys;
    this.slots.clear(this.liveKeys);
    this.liveKeys = 0;
  }

  stopStarting(): void {
    this.isStarting = false;
  }

  dropAll(): void {
    const metrics = this.metrics;
    const before = metrics.partialMatches;
    this.finish();
    metrics.dropped += before - metrics.partialMatches;
  }

  timeOutAll(time: number): void {
    const slots = this.slots;
    const last = this.n - 1;
    for (let slot = 0; slot < slots.state.length; slot++) {
      const bits = slots.state[slot] as number; // non-null: below length
      for (let j = 0; j < last; j++) {
        if ((bits & (1 << j)) === 0) continue;
        this.metrics.timedOut++;
        if (this.settings.routeTimedOut) {
          this.out.onRunnerTimedOut(this, slots.keyOf(slot), this.content(slot, j + 1), time);
        }
      }
    }
    this.finish();
  }

  /** The bits of the partial matches that the event extends, each by one step. */
  private advance(alive: number, event: T): number {
    const tests = this.tests;
    let next = 0;
    for (let j = 1, bits = alive; bits !== 0; j++, bits >>>= 1) {
      if ((bits & 1) !== 0 && (tests[j] as Test)(event, undefined)) next |= 1 << j; // j < n
    }
    return next;
  }

  /** The event took a step: keep it, emit a match, store the key's new state. */
  private take(slot: number, alive: number, next: number, event: T): void {
    this.slots.push(slot, event);
    let state = next;
    if ((state & this.final) !== 0) {
      this.metrics.matches++;
      this.out.onRunnerMatch(this, this.content(slot, this.n));
      state = this.isSkippingPast ? 0 : state & ~this.final;
    }
    this.settle(slot, alive, state);
  }

  /** Stores a key's state and keeps the counters: live partial matches, live and idle keys. */
  private settle(slot: number, alive: number, next: number): void {
    const slots = this.slots;
    slots.state[slot] = next;
    const metrics = this.metrics;
    metrics.partialMatches += popCount(next) - popCount(alive);
    if (next === 0) {
      slots.clearRing(slot);
      if (alive === 0) return; // a match that left nothing alive, on a key that had nothing
      this.liveKeys--;
      metrics.keys--;
      metrics.idleKeys++;
    } else if (alive === 0) {
      this.liveKeys++;
      metrics.keys++;
      metrics.idleKeys--;
    }
  }

  /** The match of the first `taken` steps: the key's last `taken` events. */
  private content(slot: number, taken: number): Record<string, unknown> {
    const match: Record<string, unknown> = {};
    const names = this.names;
    for (let k = 0; k < this.n; k++) {
      match[names[k] as string] = k < taken ? this.slots.eventBack(slot, taken - 1 - k) : undefined;
    }
    return match;
  }
}

const always: Test = () => true;

function popCount(bits: number): number {
  let count = 0;
  for (let b = bits; b !== 0; b &= b - 1) count++;
  return count;
}

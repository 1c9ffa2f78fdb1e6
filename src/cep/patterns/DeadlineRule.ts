import type { CompiledPattern, CompiledStep } from './compilePattern.js';

/**
 * @internal When a pattern's partial matches time out: past `within` (from the first event or
 * the last, by its mode), or past the per-loop gap of the step they wait in. One per pattern,
 * shared by every key's NFA.
 */
export class DeadlineRule {
  /** Whether partial matches have deadlines at all: `within` or a gap. */
  readonly hasDeadlines: boolean;
  private readonly hasWithin: boolean;
  private readonly within: number;
  private readonly isFromStart: boolean;
  private readonly hasGaps: boolean;
  private readonly steps: readonly CompiledStep[];

  constructor(pattern: CompiledPattern) {
    this.hasWithin = pattern.withinMs !== undefined;
    this.within = pattern.withinMs ?? 0;
    this.isFromStart = pattern.withinMode === 'firstAndLast';
    this.hasGaps = pattern.hasGaps;
    this.hasDeadlines = this.hasWithin || this.hasGaps;
    this.steps = pattern.steps;
  }

  /** The deadline of a partial match at `step` with `count` events; `Infinity` if none. */
  of(step: number, count: number, startTs: number, lastTs: number): number {
    let deadline = this.hasWithin ? (this.isFromStart ? startTs : lastTs) + this.within : Infinity;
    if (this.hasGaps) {
      const s = this.steps[step];
      if (s !== undefined) {
        const gap = count > 0 ? s.gapTaken : s.gapWaiting;
        if (lastTs + gap < deadline) deadline = lastTs + gap;
      }
    }
    return deadline;
  }
}

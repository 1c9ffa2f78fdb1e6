// A brute-force matcher: every assignment of events to steps that the pattern's contiguity rules
// allow, found by depth-first search, and Flink's skip strategies applied to that list as a model.
import type { Ev } from './run.js';

export type Contiguity = 'strict' | 'relaxed' | 'any';

export interface ModelStep {
  readonly name: string;
  readonly kinds: readonly string[];
  readonly contiguity: Contiguity;
  readonly min: number;
  readonly max: number;
  readonly isOptional: boolean;
  readonly inner: Contiguity;
}

/** A match as the indexes of its events, each with its step. */
export interface ModelMatch {
  readonly at: readonly number[];
  readonly steps: readonly number[];
}

const holds = (s: ModelStep, e: Ev): boolean => s.kinds.includes(e.kind);

/** Whether event q may follow event p under contiguity `c` towards step `s`. */
function follows(
  events: readonly Ev[],
  p: number,
  q: number,
  c: Contiguity,
  s: ModelStep,
): boolean {
  if (c === 'strict') return q === p + 1;
  if (c === 'any') return true;
  for (let r = p + 1; r < q; r++) if (holds(s, events[r] as Ev)) return false;
  return true;
}

export function allMatches(steps: readonly ModelStep[], events: readonly Ev[]): ModelMatch[] {
  const out: ModelMatch[] = [];
  const at: number[] = [];
  const stepOf: number[] = [];
  const counts = steps.map(() => 0);
  const canSkip = (j: number): boolean => (steps[j] as ModelStep).isOptional;
  const isDoneAfter = (j: number): boolean => {
    if ((counts[j] as number) < (steps[j] as ModelStep).min) return false;
    for (let k = j + 1; k < steps.length; k++) if (!canSkip(k)) return false;
    return true;
  };
  const search = (): void => {
    const last = at.length - 1;
    const p = at[last] as number;
    const sp = stepOf[last] as number;
    if (isDoneAfter(sp)) out.push({ at: [...at], steps: [...stepOf] });
    for (let q = p + 1; q < events.length; q++) {
      const e = events[q] as Ev;
      // Stay in the loop.
      const cur = steps[sp] as ModelStep;
      if (
        (counts[sp] as number) < cur.max &&
        holds(cur, e) &&
        follows(events, p, q, cur.inner, cur)
      ) {
        push(q, sp);
      }
      // Move on, skipping optional steps, once the current step has its count.
      if ((counts[sp] as number) < cur.min) continue;
      for (let j = sp + 1; j < steps.length; j++) {
        const s = steps[j] as ModelStep;
        if (holds(s, e) && follows(events, p, q, s.contiguity, s)) push(q, j);
        if (!canSkip(j)) break;
      }
    }
  };
  const push = (q: number, j: number): void => {
    at.push(q);
    stepOf.push(j);
    counts[j] = (counts[j] ?? 0) + 1;
    search();
    counts[j] = (counts[j] ?? 0) - 1;
    at.pop();
    stepOf.pop();
  };
  for (let q = 0; q < events.length; q++) {
    for (let j = 0; j < steps.length; j++) {
      if (holds(steps[j] as ModelStep, events[q] as Ev)) push(q, j);
      if (!canSkip(j)) break;
    }
  }
  return out;
}

export type ModelSkip =
  | { kind: 'noSkip' | 'skipToNext' | 'skipPastLastEvent' }
  | { kind: 'skipToFirst' | 'skipToLast'; step: number };

/**
 * Applies a skip strategy: matches go out in order of their first event, then last; a match
 * whose first event is before the bound an earlier emitted match set is discarded.
 */
export function applySkip(matches: readonly ModelMatch[], skip: ModelSkip): ModelMatch[] {
  if (skip.kind === 'noSkip') return [...matches];
  const sorted = [...matches].sort(
    (x, y) =>
      (x.at[0] as number) - (y.at[0] as number) ||
      (x.at[x.at.length - 1] as number) - (y.at[y.at.length - 1] as number),
  );
  const out: ModelMatch[] = [];
  let bound = -1;
  for (const m of sorted) {
    if ((m.at[0] as number) < bound) continue;
    out.push(m);
    const first = m.at[0] as number;
    const last = m.at[m.at.length - 1] as number;
    if (skip.kind === 'skipToNext') bound = Math.max(bound, first + 1);
    else if (skip.kind === 'skipPastLastEvent') bound = Math.max(bound, last + 1);
    else {
      const target = 'step' in skip ? skip.step : -1;
      const of = m.at.filter((_, k) => m.steps[k] === target);
      const to = skip.kind === 'skipToFirst' ? of[0] : of[of.length - 1];
      if (to !== undefined) bound = Math.max(bound, to);
    }
  }
  return out;
}

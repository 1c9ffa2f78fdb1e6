import type { WithinMode } from './Pattern.js';
import type { Contiguity, StepSpec } from './StepSpec.js';
import { explainGroups } from './explainGroups.js';

/** @internal What `explain` reads of a pattern. */
export interface ExplainedPattern {
  readonly steps: readonly StepSpec[];
  readonly withinMs: number | undefined;
  readonly withinMode: WithinMode;
}

/**
 * Renders a pattern's NFA as a Mermaid `stateDiagram-v2`, the same text for the same pattern.
 * A state waits for the next event of a step (`b[]` is a loop that has taken one or more); its
 * edges, as in Flink's NFA, are `take` (the step's condition holds: the event joins the match),
 * `ignore` (the event is skipped, as the step's contiguity allows) and `proceed` (on to the next
 * step without consuming the event). A `notNext`/`notFollowedBy` step's `take` leads to the stop
 * state: that partial match dies. `final` is a complete match.
 */
export function explain(pattern: ExplainedPattern): string {
  const specs = pattern.steps;
  // Groups are compiled away into copies of their steps: draw the compiled steps instead.
  if (specs.some((s) => s.kind === 'group')) return explainGroups(pattern);
  const { lines, edges, edge } = startDiagram(pattern);
  let hasStop = false;
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i] as StepSpec; // non-null: i in range
    const id = `s${String(i)}`;
    const name = escape(s.name);
    const next = i + 1 < specs.length ? `s${String(i + 1)}` : 'final';
    if (s.kind !== 'take') {
      hasStop = true;
      lines.push(`  state "${s.kind} ${name}" as ${id}`);
      edge(id, 'stop', `take ${name}`);
      if (s.kind === 'notFollowedBy' && next === 'final') {
        edge(id, id, `ignore (not ${name})`);
        edge(id, next, 'proceed (after within)');
      } else edge(id, next, `proceed (not ${name})`);
      continue;
    }
    // A notFollowedBy just before the step forbids the events it skips, too.
    const prev = specs[i - 1];
    const forbidden = prev?.kind === 'notFollowedBy' ? `, not ${escape(prev.name)}` : '';
    const take = `take ${name}${s.until === undefined ? '' : ' unless until'}`;
    lines.push(`  state "${name}" as ${id}`);
    if (!s.isLoop) {
      edge(id, next, take);
      ignore(edge, id, name, i === 0 ? 'strict' : s.contiguity, forbidden);
      if (s.isOptional) edge(id, next, 'proceed (optional)');
      continue;
    }
    const loop = `${id}_loop`;
    lines.push(`  state "${name}${quantity(s.min, s.max)}" as ${loop}`);
    edge(id, loop, take);
    ignore(edge, id, name, i === 0 ? 'strict' : s.contiguity, forbidden);
    if (s.isOptional) edge(id, next, 'proceed (optional)');
    edge(loop, loop, s.isGreedy ? `${take} (greedy)` : take);
    ignore(edge, loop, name, s.inner, '');
    edge(loop, next, s.min > 1 ? `proceed (after ${String(s.min)})` : 'proceed');
  }
  lines.push('  state "final" as final');
  if (hasStop) lines.push('  state "stop" as stop');
  lines.push('  [*] --> s0', ...edges, '  final --> [*]');
  return lines.join('\n') + '\n';
}

/** @internal A diagram's first lines (with `within` as a comment), and its edges with their writer. */
export function startDiagram(pattern: ExplainedPattern): {
  lines: string[];
  edges: string[];
  edge: (from: string, to: string, label: string) => void;
} {
  const lines = ['stateDiagram-v2'];
  if (pattern.withinMs !== undefined) {
    lines.push(`  %% within ${String(pattern.withinMs)} ms (${pattern.withinMode})`);
  }
  const edges: string[] = [];
  const edge = (from: string, to: string, label: string): void => {
    edges.push(`  ${from} --> ${to} : ${label}`);
  };
  return { lines, edges, edge };
}

/** @internal An `ignore` edge as the contiguity allows it. */
export function ignore(
  edge: (from: string, to: string, label: string) => void,
  id: string,
  name: string,
  contiguity: Contiguity,
  forbidden: string,
): void {
  if (contiguity === 'relaxed') edge(id, id, `ignore (not ${name}${forbidden})`);
  else if (contiguity === 'any') edge(id, id, `ignore (any event${forbidden})`);
}

/** A loop's count: `[]` for one or more, `[2..3]`, `[3..]`, `[3]`. */
export function quantity(min: number, max: number): string {
  if (min === max) return `[${String(min)}]`;
  if (max === Infinity) return min === 1 ? '[]' : `[${String(min)}..]`;
  return `[${String(min)}..${String(max)}]`;
}

/** Step names go into labels: quotes become `'`, and Mermaid's separators and markup `_`. */
export function escape(name: string): string {
  return name.replace(/"/g, "'").replace(/[:;#<>{}]/g, '_');
}

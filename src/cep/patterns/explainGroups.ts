import { AfterMatchSkipStrategy } from './AfterMatchSkipStrategy.js';
import { type CompiledStep, compilePattern } from './compilePattern.js';
import { Pattern } from './Pattern.js';
import type { StepKind } from './PatternTypes.js';
import { escape, type ExplainedPattern, ignore, quantity, startDiagram } from './explain.js';

/**
 * @internal {@link explain} for a pattern with groups: the states are the compiled steps, a
 * group's steps once per copy (`b #2` is the second copy of step `b`), and the edges follow the
 * compiled `next` and `skips`, so a looping group shows its way back to its first step.
 */
export function explainGroups(pattern: ExplainedPattern): string {
  // Only a Pattern has groups: `explain` is called by `Pattern.explain`.
  if (!(pattern instanceof Pattern)) throw new TypeError('explain: groups need a Pattern');
  const compiled = compilePattern(
    pattern as unknown as Pattern<unknown, unknown, string, unknown, StepKind>,
    AfterMatchSkipStrategy.noSkip(),
  );
  const steps = compiled.steps;
  const n = steps.length;
  const trailing = compiled.trailing;
  const { lines, edges, edge } = startDiagram(pattern);
  const target = (j: number): string =>
    j === n ? (trailing === undefined ? 'final' : `s${String(n)}`) : `s${String(j)}`;
  const copies = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = steps[i] as CompiledStep; // non-null: i < n
    const copy = (copies.get(s.name) ?? 0) + 1;
    copies.set(s.name, copy);
    const name = escape(s.name);
    const id = `s${String(i)}`;
    const guarded = s.guardNext !== undefined || s.guardFollowedBy !== undefined;
    const label = `${name}${copy > 1 ? ` #${String(copy)}` : ''}${guarded ? ' (after a not step)' : ''}`;
    lines.push(`  state "${label}" as ${id}`);
    const take = `take ${name}${s.until === undefined ? '' : ' unless until'}`;
    const next = target(s.next);
    for (const to of s.isOptional ? s.skips : []) edge(id, target(to), 'proceed (optional)');
    if (s.max === 1) {
      edge(id, next, take);
      ignore(edge, id, name, i === 0 ? 'strict' : s.contiguity, '');
      continue;
    }
    const loop = `${id}_loop`;
    lines.push(`  state "${label}${quantity(s.min, s.max)}" as ${loop}`);
    edge(id, loop, take);
    ignore(edge, id, name, i === 0 ? 'strict' : s.contiguity, '');
    edge(loop, loop, s.isGreedy ? `${take} (greedy)` : take);
    ignore(edge, loop, name, s.inner, '');
    edge(loop, next, s.min > 1 ? `proceed (after ${String(s.min)})` : 'proceed');
  }
  if (trailing !== undefined) {
    const id = `s${String(n)}`;
    lines.push(`  state "${trailing.kind}" as ${id}`, '  state "stop" as stop');
    edge(id, 'stop', 'take (the not step)');
    if (trailing.kind === 'notFollowedBy') {
      edge(id, id, 'ignore (not the not step)');
      edge(id, 'final', 'proceed (after within)');
    } else edge(id, 'final', 'proceed (not the not step)');
  }
  lines.push('  state "final" as final', '  [*] --> s0', ...edges, '  final --> [*]');
  return lines.join('\n') + '\n';
}

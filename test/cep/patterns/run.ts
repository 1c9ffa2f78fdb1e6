// Runs a pattern over named events and renders each match as the ids of its events.
import { type Materializer, Sink, Source } from 'sluice';
import { CEP, type PatternOptions, type Pattern, type StepKind } from 'sluice/cep';

/** An event: `kind` is what conditions test, `id` what the rendering shows. */
export interface Ev {
  readonly id: string;
  readonly kind: string;
  readonly ts: number;
  readonly key: number;
}

/** Events from ids: `a1` has kind `a`; timestamps 1, 2, 3, ... */
export function evs(ids: string, key = 0): Ev[] {
  return ids
    .split(' ')
    .filter((id) => id.length > 0)
    .map((id, i) => ({ id, kind: id.charAt(0), ts: i + 1, key }));
}

export const is =
  (kind: string) =>
  (e: Ev): boolean =>
    e.kind === kind;

/** The ids of a match's events in pattern order, space separated. */
export function render(match: object): string {
  const ids: string[] = [];
  for (const v of Object.values(match) as unknown[]) {
    if (Array.isArray(v)) for (const e of v as Ev[]) ids.push(e.id);
    else if (v !== undefined) ids.push((v as Ev).id);
  }
  return ids.join(' ');
}

/** The ids of a match's events in event order (a group's steps interleave), space separated. */
export function inEventOrder(match: object): string {
  return (Object.values(match) as unknown[])
    .flatMap((v) => (Array.isArray(v) ? (v as Ev[]) : v === undefined ? [] : [v as Ev]))
    .sort((x, y) => x.ts - y.ts)
    .map((e) => e.id)
    .join(' ');
}

export async function matches<Done, N extends string, E extends Ev, K extends StepKind>(
  mat: Materializer,
  pattern: Pattern<Ev, Done, N, E, K>,
  events: readonly Ev[],
  options: PatternOptions<Ev, unknown, object> = {},
): Promise<string[]> {
  const out = await Source.from(events).via(CEP.pattern(pattern, options)).runWith(Sink.seq(), mat);
  return out.map(render);
}

/** The raw match objects. */
export async function matchesRaw(
  mat: Materializer,
  pattern: Pattern<Ev, unknown, string, Ev, StepKind>,
  events: readonly Ev[],
  options: PatternOptions<Ev, unknown, object> = {},
): Promise<Record<string, unknown>[]> {
  const out = await Source.from(events).via(CEP.pattern(pattern, options)).runWith(Sink.seq(), mat);
  return out;
}

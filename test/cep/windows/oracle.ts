// Brute-force models of windowed sums, for the property tests of every assigner.
import type { WindowAssigner } from 'sluice/cep';

export interface Ev {
  readonly key: number;
  readonly ts: number;
  readonly v: number;
}

export interface Row {
  readonly key: number;
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

export const sortRows = (rows: readonly Row[]): Row[] =>
  [...rows].sort((a, b) => a.key - b.key || a.start - b.start || a.end - b.end);

/**
 * Sums per key and window for a non-merging assigner, with a watermark of `max(ts) - bound - 1`
 * after every element: an element counts in a window unless the watermark before it had reached
 * the window's end - 1. A window with at least one element is emitted once.
 */
export function nonMergingOracle(
  assigner: WindowAssigner<Ev>,
  events: readonly Ev[],
  bound: number,
): { rows: Row[]; late: Ev[] } {
  const sums = new Map<string, Row>();
  const late: Ev[] = [];
  let maxTs = Number.MIN_SAFE_INTEGER + bound + 1;
  const slots: number[] = [];
  for (const e of events) {
    const watermark = maxTs - bound - 1;
    const n = assigner.assignWindows(e, e.ts, slots);
    let placed = false;
    for (let i = 0; i < n; i++) {
      const start = slots[2 * i] ?? 0;
      const end = slots[2 * i + 1] ?? 0;
      if (end - 1 <= watermark) continue;
      placed = true;
      const id = `${String(e.key)}/${String(start)}`;
      const row = sums.get(id);
      sums.set(id, { key: e.key, start, end, value: (row?.value ?? 0) + e.v });
    }
    if (!placed) late.push(e);
    if (e.ts > maxTs) maxTs = e.ts;
  }
  return { rows: sortRows([...sums.values()]), late };
}

/** Session sums per key when every window fires at the end: sort, then split at the gaps. */
export function sessionOracle(events: readonly Ev[], gap: number): Row[] {
  const rows: Row[] = [];
  const byKey = new Map<number, Ev[]>();
  for (const e of events) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.ts - b.ts);
    let current: Row | undefined;
    for (const e of list) {
      if (current !== undefined && e.ts <= current.end) {
        current = {
          key,
          start: current.start,
          end: Math.max(current.end, e.ts + gap),
          value: current.value + e.v,
        };
      } else {
        if (current !== undefined) rows.push(current);
        current = { key, start: e.ts, end: e.ts + gap, value: e.v };
      }
    }
    if (current !== undefined) rows.push(current);
  }
  return sortRows(rows);
}

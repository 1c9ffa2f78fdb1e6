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

/**
 * Session sums per key with a watermark of `max(ts) - bound - 1` after every element, simulated
 * step by step: an element is late when its own window `[ts, ts + gap)` ends at or before the
 * watermark + 1; otherwise it joins (and merges) the open sessions it overlaps or touches; after
 * it, every session ending at or before the watermark + 1 is emitted and dropped.
 */
export function sessionWatermarkOracle(
  events: readonly Ev[],
  gap: number,
  bound: number,
): { rows: Row[]; late: Ev[] } {
  let open: Row[] = [];
  const rows: Row[] = [];
  const late: Ev[] = [];
  let watermark = Number.MIN_SAFE_INTEGER;
  for (const e of events) {
    if (e.ts + gap <= watermark + 1) late.push(e);
    else {
      const touching = open.filter(
        (s) => s.key === e.key && s.start <= e.ts + gap && s.end >= e.ts,
      );
      open = open.filter((s) => !touching.includes(s));
      open.push({
        key: e.key,
        start: Math.min(e.ts, ...touching.map((s) => s.start)),
        end: Math.max(e.ts + gap, ...touching.map((s) => s.end)),
        value: touching.reduce((sum, s) => sum + s.value, e.v),
      });
    }
    watermark = Math.max(watermark, e.ts - bound - 1);
    rows.push(...open.filter((s) => s.end <= watermark + 1));
    open = open.filter((s) => s.end > watermark + 1);
  }
  return { rows: sortRows([...rows, ...open]), late };
}

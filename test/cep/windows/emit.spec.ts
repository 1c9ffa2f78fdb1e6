import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EventTimeSessionWindows,
  SlidingEventTimeWindows,
  TumblingEventTimeWindows,
  type WindowAssigner,
  type WindowOptions,
} from 'sluice/cep';
import { bound, events } from './arbitraries.js';
import { type Ev, type Row, sortRows } from './oracle.js';
import { perElement, runSumsWith } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

async function run(
  assigner: WindowAssigner<Ev>,
  evs: readonly Ev[],
  options: WindowOptions<Ev, number>,
): Promise<{ rows: Row[]; late: number[] }> {
  const { rows, late } = await runSumsWith(mat, assigner, evs, options);
  return { rows, late: late.map((e) => e.ts) };
}

// Window [0, 10), allowed lateness 5: 12 fires it, 8 is late but allowed, 16 ends it, 3 is late.
const input: Ev[] = [
  { key: 0, ts: 5, v: 1 },
  { key: 0, ts: 12, v: 2 },
  { key: 0, ts: 8, v: 4 },
  { key: 0, ts: 16, v: 8 },
  { key: 0, ts: 3, v: 16 },
];
const tumbling = TumblingEventTimeWindows.of<Ev>(10);
const base = { watermark: perElement(0), allowedLatenessMs: 5 };
const startAndValue = (rows: readonly Row[]): number[][] => rows.map((r) => [r.start, r.value]);

describe('emit strategies', () => {
  it("'onWindowClose' (default) fires at the end, then again for each allowed late element", async () => {
    const { rows, late } = await run(tumbling, input, { ...base, emit: 'onWindowClose' });
    expect(startAndValue(rows)).toEqual([
      [0, 1],
      [0, 5],
      [10, 10],
    ]);
    expect(late).toEqual([3]);
    expect(await run(tumbling, input, base)).toEqual({ rows, late });
  });

  it("'onEveryUpdate' emits after every element, late updates included", async () => {
    const { rows, late } = await run(tumbling, input, { ...base, emit: 'onEveryUpdate' });
    expect(startAndValue(rows)).toEqual([
      [0, 1],
      [10, 2],
      [0, 5],
      [10, 10],
    ]);
    expect(late).toEqual([3]);
  });

  it("'suppressUntilClose' emits each window once, when allowed lateness is over", async () => {
    const { rows, late } = await run(tumbling, input, { ...base, emit: 'suppressUntilClose' });
    expect(startAndValue(rows)).toEqual([
      [0, 5],
      [10, 10],
    ]);
    expect(late).toEqual([3]);
  });

  it("'suppressUntilClose' emits the last result 'onWindowClose' would, once per window", async () => {
    const assigners = fc.oneof(
      fc.integer({ min: 1, max: 60 }).map((size) => TumblingEventTimeWindows.of<Ev>(size)),
      fc
        .integer({ min: 1, max: 20 })
        .map((slide) => SlidingEventTimeWindows.of<Ev>(3 * slide, slide)),
      fc.integer({ min: 1, max: 30 }).map((gap) => EventTimeSessionWindows.withGap<Ev>(gap)),
    );
    await fc.assert(
      fc.asyncProperty(
        events,
        bound,
        assigners,
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        async (evs, b, assigner, allowedLatenessMs, graceMs) => {
          const options = { watermark: perElement(b), allowedLatenessMs, graceMs };
          const updates = await run(assigner, evs, options);
          // The last result per window; a session that merged after firing supersedes the parts.
          const lastPerWindow = new Map<string, Row>();
          for (const r of updates.rows) {
            for (const [id, e] of lastPerWindow) {
              if (e.key === r.key && e.start >= r.start && e.end <= r.end) lastPerWindow.delete(id);
            }
            lastPerWindow.set(`${r.key}/${r.start}/${r.end}`, r);
          }
          const suppressed = await run(assigner, evs, { ...options, emit: 'suppressUntilClose' });
          expect(sortRows(suppressed.rows)).toEqual(sortRows([...lastPerWindow.values()]));
          expect(suppressed.late).toEqual(updates.late);
        },
      ),
    );
  });
});

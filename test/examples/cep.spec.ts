import { afterEach, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { assertAllStagesStopped, TestSource, VirtualClock } from 'sluice/testkit';
import { dailyTotals } from '../../examples/cep/calendar.js';
import { countsWithin5s } from '../../examples/cep/kafkaStreamsSliding.js';
import { mergedCounts, perSecond } from '../../examples/cep/processingTime.js';
import { sessions } from '../../examples/cep/session.js';
import { movingAverages } from '../../examples/cep/sliding.js';
import { type Payment, totalsPerMinute } from '../../examples/cep/tumbling.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('examples/cep', () => {
  it('tumbling: totals per card and minute, the late payment on the side', async () => {
    const late: Payment[] = [];
    const totals = await totalsPerMinute(
      [
        { card: 'a', amount: 10, ts: 1_000 },
        { card: 'b', amount: 5, ts: 30_000 },
        { card: 'a', amount: 7, ts: 59_000 },
        { card: 'a', amount: 1, ts: 70_000 },
        { card: 'a', amount: 3, ts: 58_000 },
      ],
      late,
      mat,
    );
    expect(totals.map((t) => [t.key, t.window.start, t.value])).toEqual([
      ['a', 0, 17],
      ['b', 0, 5],
      ['a', 60_000, 1],
    ]);
    expect(late.map((p) => p.amount)).toEqual([3]);
  });

  it('sliding: a moving average per minute every 10 s', async () => {
    const readings = Array.from({ length: 12 }, (_, i) => ({
      sensor: 's1',
      celsius: 20 + i,
      ts: i * 10_000,
    }));
    const out = await movingAverages(readings, mat);
    const at60 = out.find((r) => r.window.start === 60_000);
    expect(at60?.value).toBe((26 + 27 + 28 + 29 + 30 + 31) / 6);
    expect(out).toHaveLength(17); // windows starting at -50 s ... 110 s
  });

  it('session: pages per session, split by 30 quiet minutes', async () => {
    const m = 60_000;
    const out = await sessions(
      [
        { user: 'ann', page: '/', ts: 0 },
        { user: 'ann', page: '/cart', ts: 10 * m },
        { user: 'bob', page: '/help', ts: 5 * m },
        { user: 'ann', page: '/', ts: 90 * m },
      ],
      mat,
    );
    // Sessions come out as they close: bob's at 35 min, ann's first at 40 min.
    expect(out.map((s) => [s.key, s.value])).toEqual([
      ['bob', ['/help']],
      ['ann', ['/', '/cart']],
      ['ann', ['/']],
    ]);
  });

  it("kafkaStreamsSliding: the javadoc's five windows", async () => {
    const out = await countsWithin5s([8_000, 9_200, 12_400], mat);
    expect(out.map((w) => [w.window.start, w.window.end - 1, w.value]).sort()).toEqual(
      [
        [3_000, 8_000, 1],
        [4_200, 9_200, 2],
        [7_400, 12_400, 3],
        [8_001, 13_001, 2],
        [9_201, 14_201, 1],
      ].sort(),
    );
  });

  it('calendar: a 23-hour New York day on 2026-03-08', async () => {
    const out = await dailyTotals(
      [
        { amount: 5, ts: Date.UTC(2026, 2, 8, 6) },
        { amount: 7, ts: Date.UTC(2026, 2, 9, 3) },
        { amount: 1, ts: Date.UTC(2026, 2, 9, 5) },
      ],
      'America/New_York',
      mat,
    );
    expect(out.map((t) => [(t.window.end - t.window.start) / 3_600_000, t.value])).toEqual([
      [23, 12],
      [24, 1],
    ]);
  });

  it('processingTime: counts per second of the clock', async () => {
    const start = clock.now();
    const counts = perSecond(
      TestSource.probe<string>().mapMaterializedValue((p) => {
        p.sendNext('a', 'b');
        setImmediate(() => {
          clock.advance(1_000 - (start % 1_000));
          p.sendNext('c');
          p.sendComplete();
        });
        return p;
      }),
      mat,
    );
    expect((await counts).map((w) => w.value)).toEqual([2, 1]);
  });

  it('processingTime: merged event-time streams fire on the slower watermark', async () => {
    const out = await mergedCounts([1, 15, 25], [3, 12], mat);
    expect(out.map((w) => [w.window.start, w.value])).toEqual([
      [0, 2],
      [10, 2],
      [20, 1],
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, Source } from 'sluice';
import { WindowMetrics } from 'sluice/cep';
import { assertAllStagesStopped, TestSource, VirtualClock } from 'sluice/testkit';
import { countAverages } from '../../examples/cep/countWindows.js';
import { clickCounts } from '../../examples/cep/emitStrategies.js';
import { recentAverages } from '../../examples/cep/evictors.js';
import { viewCounts } from '../../examples/cep/fluent.js';
import { type CartEvent, cartTotals } from '../../examples/cep/idleKeys.js';
import { batches, hourlyDeltas, type Order } from '../../examples/cep/triggers.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('examples/cep: triggers, evictors, count windows, emit strategies, idle keys', () => {
  it('countWindows: tumbling and sliding count averages', async () => {
    const readings = [20, 21, 22, 23, 24, 25, 26].map((celsius) => ({ sensor: 's1', celsius }));
    const tumbling = await countAverages(readings, 3, undefined, mat);
    expect(tumbling.map((r) => r.value)).toEqual([21, 24, 26]);
    const sliding = await countAverages(readings, 3, 2, mat);
    expect(sliding.map((r) => r.value)).toEqual([20.5, 22, 24, 25]);
  });

  it('triggers: batches of 3 orders, or fewer after 1 s of the clock', async () => {
    const [pub, done] = TestSource.probe<Order>().preMaterialize(mat);
    const result = batches(done, mat);
    const order = (id: string): Order => ({ id, amount: 1, ts: 0 });
    pub.sendNext(order('a'), order('b'), order('c'), order('d'));
    await settle();
    clock.advance(1_000);
    pub.sendNext(order('e'));
    pub.sendComplete();
    expect((await result).map((b) => b.value)).toEqual([['a', 'b', 'c'], ['d'], ['e']]);
  });

  it('triggers: hourly amounts reported every 10 minutes as deltas', async () => {
    const minute = 60_000;
    const orders = [1, 2, 3, 4, 12, 25, 70].map((m, i) => ({
      id: `o${i}`,
      amount: 10,
      ts: m * minute,
    }));
    const deltas = await hourlyDeltas(Source.from(orders), mat);
    expect(deltas.map((d) => [d.window.start / minute, d.value])).toEqual([
      [0, 50],
      [0, 10],
      [60, 10],
    ]);
  });

  it('evictors: every 5 trades, the average of the last 10 s', async () => {
    const trades = [100, 101, 102, 103, 104, 110, 111, 112, 113, 114].map((price, i) => ({
      symbol: 'ACME',
      price,
      ts: i * 3_000,
    }));
    expect((await recentAverages(trades, mat)).map((r) => r.value)).toEqual([102.5, 112.5]);
  });

  it('emitStrategies: on close, on every update, suppressed until close', async () => {
    const clicks = [1_000, 12_000, 8_000, 16_000];
    const show = async (emit: Parameters<typeof clickCounts>[1]) =>
      (await clickCounts(clicks, emit, mat)).map((c) => [c.window.start, c.value]);
    expect(await show('onWindowClose')).toEqual([
      [0, 1],
      [0, 2],
      [10_000, 2],
    ]);
    expect(await show('onEveryUpdate')).toEqual([
      [0, 1],
      [10_000, 1],
      [0, 2],
      [10_000, 2],
    ]);
    expect(await show('suppressUntilClose')).toEqual([
      [0, 2],
      [10_000, 2],
    ]);
  });

  it("idleKeys: a quiet user's cart closes after 30 minutes and leaves no state", async () => {
    const metrics = new WindowMetrics();
    const [pub, events] = TestSource.probe<CartEvent>().preMaterialize(mat);
    const result = cartTotals(events, metrics, mat);
    pub.sendNext({ user: 'ann', amount: 20, ts: 0 }, { user: 'bob', amount: 5, ts: 1_000 });
    await settle();
    expect(metrics.keys).toBe(2);
    clock.advance(30 * 60_000);
    await settle();
    expect(metrics).toMatchObject({ keys: 0, openWindows: 0, idleClosedWindows: 2 });
    pub.sendComplete();
    expect((await result).map((t) => [t.key, t.value])).toEqual([
      ['ann', 20],
      ['bob', 5],
    ]);
  });

  it('fluent: keyBy, window, trigger, aggregate', async () => {
    const views = [1, 2, 3, 4, 5, 6, 7].map((m) => ({ user: 'ann', ts: m * 60_000 }));
    expect((await viewCounts(views, mat)).map((c) => c.value)).toEqual([3, 6, 7]);
  });
});

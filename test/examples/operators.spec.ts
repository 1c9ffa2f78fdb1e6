import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Materializer, Source } from 'sluice';
import {
  assertAllStagesStopped,
  settle,
  TestSource,
  type TestSourceProbe,
  VirtualClock,
} from 'sluice/testkit';
import { FakeDb, type Row, writeInBatches } from '../../examples/operators/groupedWithin.js';
import { fetchPrices, PriceService } from '../../examples/operators/mapAsync.js';
import { type Line, type Order, orderLines } from '../../examples/operators/flatMapMerge.js';
import { csvLines, type Sale } from '../../examples/operators/concat.js';
import { invoices, type Order as InvoiceOrder } from '../../examples/operators/zip.js';
import { feed, type Reading } from '../../examples/operators/merge.js';
import { type Job, runOrder } from '../../examples/operators/interleave.js';
import { type Order as PricedOrder, priceOrders } from '../../examples/operators/alsoTo.js';
import { fanOut, type Reading as SensorReading } from '../../examples/operators/combineSink.js';

describe('examples/operators/mapAsync', () => {
  const service = new PriceService();
  let baseUrl = '';
  const mat = new Materializer();
  beforeAll(async () => {
    baseUrl = await service.start();
  });
  afterAll(async () => {
    await service.stop();
  });
  afterEach(() => {
    assertAllStagesStopped(mat);
  });

  it('fetches every price in id order with at most 4 requests in flight', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => i + 1);
    const prices = await fetchPrices(baseUrl, ids, 4, mat);
    expect(prices).toEqual(ids.map((id) => ({ id, price: id * 10 })));
    expect(service.maxInFlight).toBe(4);
  });
});

describe('examples/operators/groupedWithin', () => {
  const clock = new VirtualClock();
  const mat = new Materializer({ clock });
  afterEach(() => {
    assertAllStagesStopped(mat);
  });

  it('writes full batches when rows arrive quickly', async () => {
    const db = new FakeDb();
    const rows = Array.from({ length: 120 }, (_, i) => ({ id: i }));
    expect(await writeInBatches(Source.from(rows), db, 50, 100, mat)).toBe(120);
    expect(db.batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(db.batches.flat()).toEqual(rows);
  });

  it('flushes a partial batch after the wait when rows trickle in', async () => {
    const db = new FakeDb();
    let pub: TestSourceProbe<Row> | undefined;
    const done = writeInBatches(
      TestSource.probe<Row>().mapMaterializedValue((p) => (pub = p)),
      db,
      50,
      100,
      mat,
    );
    const source = pub as TestSourceProbe<Row>; // set while the stream materialized
    source.sendNext({ id: 1 }, { id: 2 });
    await settle();
    expect(db.batches).toEqual([]);
    clock.advance(100);
    await settle();
    expect(db.batches).toEqual([[{ id: 1 }, { id: 2 }]]);
    source.sendNext({ id: 3 }).sendComplete();
    expect(await done).toBe(3);
    expect(db.batches).toEqual([[{ id: 1 }, { id: 2 }], [{ id: 3 }]]);
  });
});

describe('examples/operators/flatMapMerge', () => {
  const mat = new Materializer();
  afterEach(() => {
    assertAllStagesStopped(mat);
  });

  it('emits every line of every order, in memory or looked up', async () => {
    const orders: Order[] = Array.from({ length: 20 }, (_, i) => ({
      id: `o${String(i)}`,
      lines:
        i % 4 === 0
          ? () => Promise.resolve([i * 10, i * 10 + 1])
          : Array.from({ length: i }, (_, j) => i * 100 + j),
    }));
    const lines = await orderLines(orders, 4, mat);
    const key = (l: Line): string => `${l.order}:${String(l.cents)}`;
    const expected = orders.flatMap((o, i) =>
      (typeof o.lines === 'function' ? [i * 10, i * 10 + 1] : o.lines).map((cents) =>
        key({ order: o.id, cents }),
      ),
    );
    expect(lines.map(key).sort()).toEqual(expected.sort());
  });

  it('takes from the orders in turn: a small order is done before a big one', async () => {
    const lines = await orderLines(
      [
        { id: 'big', lines: Array.from({ length: 1000 }, (_, i) => i) },
        { id: 'small', lines: [1, 2, 3] },
      ],
      2,
      mat,
    );
    const lastSmall = lines.map((l) => l.order).lastIndexOf('small');
    expect(lastSmall).toBeLessThan(10);
    expect(lines.length).toBe(1003);
  });
});

describe('examples/operators/concat', () => {
  const mat = new Materializer();
  afterEach(() => {
    assertAllStagesStopped(mat);
  });
  const rows: Sale[] = [
    { name: 'tea', cents: 250 },
    { name: 'cake', cents: 400 },
  ];

  it('writes the header, a line per row and the footer, fused or through a junction alike', async () => {
    const expected = ['name,cents', 'tea,250', 'cake,400', '# end'];
    expect(await csvLines(Source.from(rows), ['# end'], mat)).toEqual(expected);
    const fromPromise = Source.fromPromise(Promise.resolve(rows)).mapConcat((all) => all);
    expect(await csvLines(fromPromise, ['# end'], mat)).toEqual(expected);
  });

  it('writes the placeholder when there are no rows', async () => {
    expect(await csvLines(Source.empty(), [], mat)).toEqual(['name,cents', '(no rows)']);
    const none = Source.fromPromise(Promise.resolve<Sale[]>([])).mapConcat((all) => all);
    expect(await csvLines(none, ['# 0'], mat)).toEqual(['name,cents', '(no rows)', '# 0']);
  });
});

describe('examples/operators/zip', () => {
  const mat = new Materializer();
  afterEach(() => {
    assertAllStagesStopped(mat);
  });
  const orders: InvoiceOrder[] = [
    { customer: 'ada', cents: 1200 },
    { customer: 'grace', cents: 800 },
    { customer: 'alan', cents: 50 },
  ];

  it('numbers the orders in turn from the range, fused or through a junction alike', async () => {
    const expected = orders.map((o, i) => ({ ...o, number: 1001 + i }));
    expect(await invoices(Source.from(orders), 1001, mat)).toEqual(expected);
    const reserved = Source.fromPromise(Promise.resolve([1001, 1002, 1003])).mapConcat((b) => b);
    expect(await invoices(Source.from(orders), 1001, mat, reserved)).toEqual(expected);
  });

  it('stops at the end of the numbers: an order left without one gets no invoice', async () => {
    const out = await invoices(Source.from(orders), 1, mat, Source.from([7, 8]));
    expect(out.map((i) => i.number)).toEqual([7, 8]);
  });
});

describe('examples/operators/merge', () => {
  const mat = new Materializer();
  afterEach(() => {
    assertAllStagesStopped(mat);
  });
  const stored: Reading[] = [
    { at: 100, celsius: 19 },
    { at: 200, celsius: 20 },
  ];

  it('emits every reading, each side in its own order', async () => {
    const live: Reading[] = [
      { at: 300, celsius: 21 },
      { at: 301, celsius: 22 },
    ];
    const out = await feed(Source.from(live), stored, mat);
    expect(out.map((r) => r.at).sort()).toEqual([100, 200, 300, 301]);
    expect(out.filter((r) => r.at < 300)).toEqual(stored);
    expect(out.filter((r) => r.at >= 300)).toEqual(live);
    const later = Source.fromPromise(Promise.resolve(live)).mapConcat((all) => all);
    const out2 = await feed(later, stored, mat);
    expect(out2.filter((r) => r.at < 300)).toEqual(stored);
    expect(out2.filter((r) => r.at >= 300)).toEqual(live);
  });
});

describe('examples/operators/interleave', () => {
  const mat = new Materializer();
  afterEach(() => {
    assertAllStagesStopped(mat);
  });
  const job = (id: string, from: Job['from']): Job => ({ id, from });
  const backlog = ['b1', 'b2', 'b3', 'b4', 'b5'].map((id) => job(id, 'backlog'));
  const live = ['l1', 'l2', 'l3'].map((id) => job(id, 'live'));

  it('takes a batch from each side in turn, then the rest of the longer', async () => {
    const ids = async (source: Source<Job, unknown>): Promise<string> =>
      (await runOrder(source, backlog, 2, mat)).map((j) => j.id).join(' ');
    expect(await ids(Source.from(live))).toBe('l1 l2 b1 b2 l3 b3 b4 b5');
    // A live queue that answers later keeps the same order: the runner waits for its turn.
    expect(await ids(Source.fromPromise(Promise.resolve(live)).mapConcat((all) => all))).toBe(
      'l1 l2 b1 b2 l3 b3 b4 b5',
    );
    expect(await ids(Source.empty<Job>())).toBe('b1 b2 b3 b4 b5');
  });
});

describe('examples/operators/alsoTo', () => {
  const mat = new Materializer();
  afterEach(() => {
    assertAllStagesStopped(mat);
  });
  const orders: PricedOrder[] = [
    { id: 'o1', qty: 2, price: 5 },
    { id: 'o2', qty: 1, price: 30 },
    { id: 'o3', qty: 4, price: 2 },
  ];

  it('audits every order and offers every price to the metrics tap', async () => {
    const trail: string[] = [];
    const prices: number[] = [];
    const revenue = await priceOrders(
      orders,
      (order) => trail.push(order.id),
      (price) => prices.push(price),
      mat,
    );
    expect(revenue).toBe(48);
    expect(trail).toEqual(['o1', 'o2', 'o3']);
    expect(prices).toEqual([10, 30, 8]);
  });

  it('fails the run when the audit fails, and prices on without a broken tap', async () => {
    const audited = priceOrders(
      orders,
      (order) => {
        if (order.id === 'o2') throw new Error('audit store down');
      },
      () => undefined,
      mat,
    );
    await expect(audited).rejects.toThrow('audit store down');
    const revenue = await priceOrders(
      orders,
      () => undefined,
      () => {
        throw new Error('metrics down');
      },
      mat,
    );
    expect(revenue).toBe(48);
  });
});

describe('examples/operators/combineSink', () => {
  const mat = new Materializer();
  afterEach(() => {
    assertAllStagesStopped(mat);
  });
  const readings: SensorReading[] = [
    { sensor: 't1', value: 21 },
    { sensor: 't2', value: 48 },
    { sensor: 't1', value: 52 },
  ];

  it('stores every reading and alerts on those over the limit', async () => {
    const stored: SensorReading[] = [];
    const alerts: SensorReading[] = [];
    await fanOut(
      readings,
      40,
      (r) => stored.push(r),
      (r) => alerts.push(r),
      mat,
    );
    expect(stored).toEqual(readings);
    expect(alerts).toEqual([readings[1], readings[2]]);
  });

  it('keeps storing when alerting fails', async () => {
    const stored: SensorReading[] = [];
    await fanOut(
      readings,
      40,
      (r) => stored.push(r),
      () => {
        throw new Error('pager down');
      },
      mat,
    );
    expect(stored).toEqual(readings);
  });
});

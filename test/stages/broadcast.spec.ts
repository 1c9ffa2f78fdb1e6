import { afterEach, describe, expect, it } from 'vitest';
import {
  balance,
  broadcast,
  Flow,
  FlowShape,
  GraphDSL,
  merge,
  Materializer,
  partition,
  PartitionOutOfBoundsError,
  Sink,
  Source,
  unzip,
  unzipWith,
} from 'sluice';
import { assertAllStagesStopped, settle, VirtualClock } from 'sluice/testkit';
import { fanOut2Probes, fanOutProbes } from './junctionProbes.js';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('broadcast', () => {
  it('emits every element to every output, paced by the slowest', async () => {
    const [pub, [a, b]] = fanOutProbes(broadcast<number>(2), 2, mat);
    a.request(2);
    await a.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    b.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await a.expectNext(1);
    await b.expectNext(1);
    // b has no demand left: nothing more is pulled.
    await a.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    b.request(1);
    await pub.expectRequest();
    pub.sendNext(2).sendComplete();
    await a.expectNext(2);
    await b.expectNext(2);
    await a.expectComplete();
    await b.expectComplete();
  });

  it('fails every output when upstream fails', async () => {
    const [pub, [a, b]] = fanOutProbes(broadcast<number>(2), 2, mat);
    const boom = new Error('boom');
    pub.sendError(boom);
    await a.expectError(boom);
    await b.expectError(boom);
  });

  it('keeps going for the others when one output cancels; cancels when all did', async () => {
    const [pub, [a, b]] = fanOutProbes(broadcast<number>(2), 2, mat);
    a.cancel();
    b.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await b.expectNext(1);
    b.cancel();
    await pub.expectCancellation();
  });

  it('cancels at the first cancelled output with eagerCancel', async () => {
    const [pub, [a, b]] = fanOutProbes(broadcast<number>(2, true), 2, mat);
    a.cancel();
    await pub.expectCancellation();
    await b.expectComplete();
  });

  it('feeds several sinks through Sink.combine', async () => {
    const seen: number[] = [];
    Source.from([1, 2, 3]).runWith(
      Sink.combine(
        [Sink.foreach<number>((x) => seen.push(x)), Sink.foreach<number>((x) => seen.push(x * 10))],
        (n) => broadcast<number>(n),
      ),
      mat,
    );
    // The fused stream runs synchronously inside run(); settle anyway in case it yields.
    await new Promise((r) => setImmediate(r));
    expect(seen.sort((x, y) => x - y)).toEqual([1, 2, 3, 10, 20, 30]);
    expect(() => Sink.combine([], (n) => broadcast<number>(n))).toThrow(
      'Sink.combine: sinks must not be empty, got 0 sinks',
    );
  });

  it('rejects a bad output count', () => {
    expect(() => broadcast(0)).toThrow('broadcast: n must be a positive integer, got 0');
  });

  it('wires with merge in GraphDSL: every element twice', async () => {
    const twice = Flow.fromGraph(
      GraphDSL.create((b) => {
        const fork = b.add(broadcast<number>(2));
        const join = b.add(merge<number>(2));
        b.connect(fork.out(0), join.in(0));
        b.connect(fork.out(1), join.in(1));
        return new FlowShape(fork.in, join.out);
      }),
    );
    const out = await Source.from([1, 2, 3]).via(twice).runWith(Sink.seq(), mat);
    expect([...out].sort()).toEqual([1, 1, 2, 2, 3, 3]);
  });
});

describe('balance', () => {
  it('sends each element to one output that asked', async () => {
    const [pub, [a, b]] = fanOutProbes(balance<number>(2), 2, mat);
    a.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await a.expectNext(1);
    b.request(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await b.expectNext(2);
    await a.expectNoMessage(10);
    pub.sendComplete();
    await a.expectComplete();
    await b.expectComplete();
  });

  it('backpressures when no output asks, and waits for all with waitForAllDownstreams', async () => {
    const [pub, [a, b]] = fanOutProbes(balance<number>(2, true), 2, mat);
    a.request(1);
    await a.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    b.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await a.expectNext(1);
    await b.expectNext(2);
    pub.sendComplete();
    await a.expectComplete();
    await b.expectComplete();
  });

  it('spreads a stream across workers without losing elements (counted)', async () => {
    const counts = [0, 0, 0];
    const sinks = counts.map((_, i) => Sink.foreach<number>(() => counts[i]!++));
    Source.range(1, 300).runWith(
      Sink.combine(sinks, (n) => balance<number>(n)),
      mat,
    );
    await new Promise((r) => setImmediate(r));
    expect(counts.reduce((s, c) => s + c, 0)).toBe(300);
  });

  it('fails the outputs with upstream, cancels when all outputs cancel', async () => {
    const [pub, [a, b]] = fanOutProbes(balance<number>(2), 2, mat);
    const boom = new Error('boom');
    pub.sendError(boom);
    await a.expectError(boom);
    await b.expectError(boom);
    const [pub2, [c, d]] = fanOutProbes(balance<number>(2), 2, mat);
    c.cancel();
    d.cancel();
    await pub2.expectCancellation();
  });

  it('keeps an element whose asking output cancelled for the next output that asks', async () => {
    const [pub, [a, b]] = fanOutProbes(balance<number>(2), 2, mat);
    a.request(1);
    await pub.expectRequest();
    a.cancel();
    await settle();
    pub.sendNext(1);
    await b.expectNoMessage(10);
    b.request(1);
    await b.expectNext(1);
    pub.sendComplete();
    await b.expectComplete();
  });

  it('rejects a bad output count', () => {
    expect(() => balance(-1)).toThrow('balance: n must be a positive integer, got -1');
  });
});

describe('partition', () => {
  it('routes each element to the chosen output', async () => {
    const [pub, [even, odd]] = fanOutProbes(
      partition<number>(2, (x) => x % 2),
      2,
      mat,
    );
    even.request(5);
    odd.request(5);
    pub.sendNext(1, 2, 3, 4).sendComplete();
    await odd.expectNext(1, 3);
    await even.expectNext(2, 4);
    await odd.expectComplete();
    await even.expectComplete();
  });

  it('backpressures while the chosen output backpressures', async () => {
    const [pub, [even, odd]] = fanOutProbes(
      partition<number>(2, (x) => x % 2),
      2,
      mat,
    );
    even.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await even.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    odd.request(1);
    await odd.expectNext(1);
    await pub.expectRequest();
    pub.sendNext(2).sendComplete();
    await even.expectNext(2);
    await even.expectComplete();
    await odd.expectComplete();
  });

  it('fails naming the stage when the index is out of range', async () => {
    const [pub, [a, b]] = fanOutProbes(
      partition<number>(2, () => 7),
      2,
      mat,
    );
    a.request(1);
    pub.sendNext(1);
    const error = await a.expectError();
    expect(error).toBeInstanceOf(PartitionOutOfBoundsError);
    expect((error as PartitionOutOfBoundsError).index).toBe(7);
    expect((error as Error).message).toMatch(
      /^partition#\d+: cannot route element: the partitioner returned 7, expected an integer in 0\.\.1$/,
    );
    await b.expectError();
    await pub.expectCancellation();
  });

  it('drops elements for a cancelled output; cancels when all cancel, or at once with eagerCancel', async () => {
    const [pub, [a, b]] = fanOutProbes(
      partition<number>(2, (x) => x % 2),
      2,
      mat,
    );
    b.cancel();
    a.request(2);
    pub.sendNext(1, 2);
    await a.expectNext(2);
    a.cancel();
    await pub.expectCancellation();
    const [pub2, [c, d]] = fanOutProbes(
      partition<number>(2, (x) => x % 2, true),
      2,
      mat,
    );
    c.cancel();
    await pub2.expectCancellation();
    await d.expectComplete();
  });

  it('fails the outputs with upstream', async () => {
    const [pub, [a, b]] = fanOutProbes(
      partition<number>(2, () => 0),
      2,
      mat,
    );
    const boom = new Error('boom');
    pub.sendError(boom);
    await a.expectError(boom);
    await b.expectError(boom);
  });

  it('rejects bad settings', () => {
    expect(() => partition(0, () => 0)).toThrow('partition: n must be a positive integer, got 0');
    expect(() => partition(2, 1 as never)).toThrow(
      'partition: partitioner must be a function, got number',
    );
  });
});

describe('unzip and unzipWith', () => {
  it('splits pairs onto two outputs when both have demand', async () => {
    const [pub, a, b] = fanOut2Probes(unzip<number, string>(), mat);
    a.request(2);
    await a.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    b.request(2);
    await pub.expectRequest();
    pub.sendNext([1, 'x']);
    await a.expectNext(1);
    await b.expectNext('x');
    pub.sendComplete();
    await a.expectComplete();
    await b.expectComplete();
  });

  it('computes the halves with unzipWith, fails with upstream, cancels with either output', async () => {
    const [pub, a, b] = fanOut2Probes(
      unzipWith((x: number) => [x, String(x)]),
      mat,
    );
    a.request(1);
    b.request(1);
    pub.sendNext(3);
    await a.expectNext(3);
    await b.expectNext('3');
    const boom = new Error('boom');
    pub.sendError(boom);
    await a.expectError(boom);
    await b.expectError(boom);
    const [pub2, c, d] = fanOut2Probes(unzip<number, number>(), mat);
    c.cancel();
    await pub2.expectCancellation();
    await d.expectComplete();
    expect(() => unzipWith(0 as never)).toThrow('unzipWith: f must be a function, got number');
  });
});

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, PortMisuseError, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { arbitrarySource, endlessClosing, sourceOfKind } from './sourceKinds.js';

// zip and zipWith run a source that is a plain fused chain inside their own step, one element
// of it per element of upstream, with one held ahead; any other source goes through the junction.

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

const kind = sourceOfKind;
const arb = arbitrarySource(6);

describe('zip with a plain fused chain', () => {
  it('pairs like an array zip, for every kind of source on either side', async () => {
    await fc.assert(
      fc.asyncProperty(arb, arb, async ([a, ka], [b, kb]) => {
        const n = Math.min(a.length, b.length);
        const pairs = await kind(a, ka).zip(kind(b, kb)).runWith(Sink.seq(), mat);
        expect(pairs).toEqual(a.slice(0, n).map((x, i) => [x, b[i]]));
        const sums = await kind(a, ka)
          .zipWith(kind(b, kb), (x, y) => x - y)
          .runWith(Sink.seq(), mat);
        expect(sums).toEqual(a.slice(0, n).map((x, i) => x - (b[i] as number)));
      }),
      { numRuns: 80 },
    );
  });

  it("keeps the chain's own expansions and seed inside it, also inside an inner source", async () => {
    const b = Source.from([[1, 2], [3]]).mapConcat((xs) => xs);
    expect(await Source.from([10, 20, 30, 40]).zip(b).runWith(Sink.seq(), mat)).toEqual([
      [10, 1],
      [20, 2],
      [30, 3],
    ]);
    const seeded = Source.from([5]).scan(0, (s, x) => s + x);
    expect(await Source.from([1, 2, 3]).zip(seeded).runWith(Sink.seq(), mat)).toEqual([
      [1, 0],
      [2, 5],
    ]);
    const nested = await Source.from([1, 2])
      .flatMapConcat((x) => Source.from([x, x]).zip(Source.from(['a', 'b'])))
      .runWith(Sink.seq(), mat);
    expect(nested).toEqual([
      [1, 'a'],
      [1, 'b'],
      [2, 'a'],
      [2, 'b'],
    ]);
  });

  it('completes as soon as the chain ends, without pulling upstream again', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .zip(Source.from(['x']))
      .toMat(TestSink.probe<[number, string]>(), Keep.both)
      .run(mat);
    sub.request(5);
    expect(await pub.expectRequest()).toBe(1);
    pub.sendNext(1);
    await sub.expectNext([1, 'x']);
    await sub.expectComplete();
    await pub.expectCancellation();
    const [pub2, sub2] = TestSource.probe<number>()
      .zip(Source.empty<string>())
      .toMat(TestSink.probe<[number, string]>(), Keep.both)
      .run(mat);
    sub2.request(1);
    await sub2.expectComplete();
    await pub2.expectCancellation();
  });

  it('pairs a pending element before upstream completion ends the stream, and stops the chain', async () => {
    const endless = endlessClosing();
    const [pub, sub] = TestSource.probe<number>()
      .zip(endless.source)
      .toMat(TestSink.probe<[number, number]>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(7).sendComplete();
    await sub.expectNext([7, 0]);
    await sub.expectComplete();
    expect(endless.closed()).toBe(1);
  });

  it('fails with the chain, and names the stage and its port when the chain emits null', async () => {
    const failing = Source.from([1, 2]).map((x) => {
      if (x === 2) throw boom;
      return x;
    });
    await expect(Source.from([1, 2, 3]).zip(failing).runWith(Sink.seq(), mat)).rejects.toBe(boom);
    const run = Source.from([1])
      .zip(Source.from([2]).map((): number => null as unknown as number))
      .runWith(Sink.seq(), mat);
    await expect(run).rejects.toBeInstanceOf(PortMisuseError);
    await expect(run).rejects.toThrow(/zip#\d+\/that: cannot push null to port 'zip\.in1'/);
  });

  it('fails with upstream, and rejects a zipWith function that is not one', async () => {
    await expect(
      Source.failed<number>(boom).zip(Source.repeat(1)).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(() =>
      Source.single(1).zipWith(Source.single(2), 3 as unknown as (a: number, b: number) => number),
    ).toThrow('zipWith: f must be a function');
  });
});

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, PortMisuseError, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { arbitrarySource, endlessClosing, sourceOfKind } from './sourceKinds.js';
import { counted } from './materializations.js';

// concat, concatLazy, concatAllLazy and orElse run a source that is a plain fused chain as steps
// of their own chain, started once upstream completed; any other source still goes through the
// junction (or the lazy stage) as before.

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

const kind = sourceOfKind;
const arb = arbitrarySource(5);

describe('concat of a plain fused chain', () => {
  it('emits like an array concat, for every kind of source on either side', async () => {
    await fc.assert(
      fc.asyncProperty(arb, fc.array(arb, { maxLength: 3 }), async ([a, ka], those) => {
        const upstream = kind(a, ka);
        const rest = those.flatMap(([xs]) => xs);
        const first = those[0];
        if (first !== undefined) {
          const that = kind(first[0], first[1]);
          expect(await upstream.concat(that).runWith(Sink.seq(), mat)).toEqual([...a, ...first[0]]);
          expect(await upstream.concatLazy(that).runWith(Sink.seq(), mat)).toEqual([
            ...a,
            ...first[0],
          ]);
          expect(await upstream.orElse(that).runWith(Sink.seq(), mat)).toEqual(
            a.length === 0 ? first[0] : a,
          );
        }
        const all = upstream.concatAllLazy(...those.map(([xs, k]) => kind(xs, k)));
        expect(await all.runWith(Sink.seq(), mat)).toEqual([...a, ...rest]);
      }),
      { numRuns: 80 },
    );
  });

  it('starts the chain only once upstream completed, and runs it on demand', async () => {
    const that = counted([10, 11, 12]);
    const [pub, sub] = TestSource.probe<number>()
      .concat(that.source)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    expect(that.made()).toBe(0); // the junction would have made it with the stream
    pub.sendComplete();
    await sub.expectNoMessage(10);
    expect(that.made()).toBe(1);
    sub.request(2);
    await sub.expectNext(10, 11);
    await sub.expectNoMessage(10);
    sub.request(2); // an iterator tells its end only when asked once more
    await sub.expectNext(12);
    await sub.expectComplete();
  });

  it("emits the chain's seed and expansions at its start, in order, also inside an inner source", async () => {
    const seeded = Source.from([5])
      .scan(0, (a, x) => a + x)
      .mapConcat((x) => [x, x]);
    expect(await Source.from([1]).concat(seeded).runWith(Sink.seq(), mat)).toEqual([1, 0, 0, 5, 5]);
    const nested = await Source.from([1, 2])
      .flatMapConcat((x) => Source.single(x).concat(Source.from([x * 10, x * 100])))
      .runWith(Sink.seq(), mat);
    expect(nested).toEqual([1, 10, 100, 2, 20, 200]);
  });

  it('fails with upstream without starting the chain, or with the chain', async () => {
    const that = counted([1]);
    await expect(
      Source.failed<number>(boom).concat(that.source).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(that.made()).toBe(0);
    const failing = Source.from([1, 2]).map((x) => {
      if (x === 2) throw boom;
      return x;
    });
    const seen: number[] = [];
    await expect(
      Source.from([0])
        .concat(failing)
        .runWith(
          Sink.foreach((x: number) => {
            seen.push(x);
          }),
          mat,
        ),
    ).rejects.toBe(boom);
    expect(seen).toEqual([0, 1]);
  });

  it('names the stage and its port when the chain emits null', async () => {
    const run = Source.from([1])
      .concat(Source.from([2]).map((): number => null as unknown as number))
      .runWith(Sink.seq(), mat);
    await expect(run).rejects.toBeInstanceOf(PortMisuseError);
    await expect(run).rejects.toThrow(/concat#\d+: cannot push null to port 'concat\.out'/);
  });

  it('stops the running chain when downstream cancels (its iterator is closed)', async () => {
    const endless = endlessClosing();
    const out = await Source.from([7]).concat(endless.source).take(3).runWith(Sink.seq(), mat);
    expect(out).toEqual([7, 0, 1]);
    expect(endless.closed()).toBe(1);
  });

  it('orElse starts its secondary only after an empty primary', async () => {
    const secondary = counted([8, 9]);
    expect(await Source.from([1]).orElse(secondary.source).runWith(Sink.seq(), mat)).toEqual([1]);
    expect(secondary.made()).toBe(0);
    expect(await Source.empty<number>().orElse(secondary.source).runWith(Sink.seq(), mat)).toEqual([
      8, 9,
    ]);
    expect(secondary.made()).toBe(1);
  });

  it('concatAllLazy runs each chain in turn, skipping empty ones, and is identity with none', async () => {
    const out = await Source.from([1])
      .concatAllLazy(Source.empty(), Source.from([2, 3]), Source.empty(), Source.single(4))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 3, 4]);
    expect(await Source.from([1, 2]).concatAllLazy().runWith(Sink.seq(), mat)).toEqual([1, 2]);
  });
});

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { concatAllLazy, Keep, Materializer, Sink, Source } from 'sluice';
import {
  assertAllStagesStopped,
  TestSink,
  TestSource,
  type TestSourceProbe,
  VirtualClock,
} from 'sluice/testkit';
import { counted } from './materializations.js';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

/** A probe source whose probe lands in `probes` when (and only when) it is materialized. */
function probed(probes: TestSourceProbe<number>[]): Source<number, unknown> {
  return TestSource.probe<number>().mapMaterializedValue((probe) => {
    probes.push(probe);
    return probe;
  });
}

describe('concatAllLazy', () => {
  it('emits upstream, then each source in order, like an array concat', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer()),
        fc.array(fc.array(fc.integer()), { maxLength: 4 }),
        async (head, rest) => {
          const out = await Source.from(head)
            .concatAllLazy(...rest.map((xs) => Source.from(xs)))
            .runWith(Sink.seq(), mat);
          expect(out).toEqual([...head, ...rest.flat()]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('is identity with no sources', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(concatAllLazy<number>())
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('materializes each source only once the one before it completed', async () => {
    const a = counted([10]);
    const b = counted([20, 21]);
    const [pub, sub] = TestSource.probe<number>()
      .concatAllLazy(a.source, b.source)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(10);
    expect([a.made(), b.made()]).toEqual([0, 0]);
    pub.sendComplete();
    await sub.expectNoMessage(10);
    expect([a.made(), b.made()]).toEqual([1, 0]);
    sub.request(1);
    await sub.expectNext(10);
    await sub.expectNoMessage(10);
    // a has not yet been pulled past its last element, so it has not completed.
    expect(b.made()).toBe(0);
    sub.request(5);
    await sub.expectNext(20, 21);
    await sub.expectComplete();
    expect([a.made(), b.made()]).toEqual([1, 1]);
  });

  it('backpressures each source with downstream demand', async () => {
    const probes: TestSourceProbe<number>[] = [];
    const [pub, sub] = TestSource.probe<number>()
      .concatAllLazy(probed(probes), probed(probes))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    pub.sendComplete();
    await sub.expectNoMessage(10);
    expect(probes.length).toBe(1);
    const [first] = probes as [TestSourceProbe<number>];
    expect(first.pending).toBe(0);
    sub.request(1);
    expect(await first.expectRequest()).toBe(1);
    first.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(10);
    expect(first.pending).toBe(0);
    first.sendComplete();
    await sub.expectNoMessage(10);
    const second = probes[1] as TestSourceProbe<number>;
    expect(second.pending).toBe(0);
    sub.request(1);
    await second.expectRequest();
    second.sendNext(2);
    await sub.expectNext(2);
    second.sendComplete();
    await sub.expectComplete();
  });

  it('fails with upstream without materializing any source', async () => {
    const a = counted([1]);
    await expect(
      Source.failed<number>(boom).concatAllLazy(a.source).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(a.made()).toBe(0);
  });

  it('fails with a source, never materializing the later ones', async () => {
    const later = counted([3]);
    const sub = Source.single(1)
      .concatAllLazy(Source.single(2), Source.failed<number>(boom), later.source)
      .runWith(TestSink.probe<number>(), mat);
    sub.request(5);
    await sub.expectNext(1, 2);
    expect(await sub.expectError()).toBe(boom);
    expect(later.made()).toBe(0);
  });

  it('cancels upstream, or the running source, with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .concatAllLazy(Source.single(1))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.cancel();
    await pub.expectCancellation();

    const probes: TestSourceProbe<number>[] = [];
    const later = counted([3]);
    const sub2 = Source.single(1)
      .concatAllLazy(Source.empty<number>(), probed(probes), later.source)
      .runWith(TestSink.probe<number>(), mat);
    sub2.request(2);
    await sub2.expectNext(1);
    await sub2.expectNoMessage(10);
    expect(probes.length).toBe(1);
    const running = probes[0] as TestSourceProbe<number>;
    await running.expectRequest();
    sub2.cancel();
    await running.expectCancellation();
    expect(later.made()).toBe(0);
  });
});

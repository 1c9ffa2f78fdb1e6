import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, PortMisuseError, Sink, Source } from 'sluice';
import {
  assertAllStagesStopped,
  TestSink,
  type TestSinkProbe,
  TestSource,
  type TestSourceProbe,
  VirtualClock,
} from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** With one element requested downstream: demand passes one at a time, then completion. */
async function handsOverOneAtATime(
  pub: TestSourceProbe<number>,
  sub: TestSinkProbe<number>,
): Promise<void> {
  expect(await pub.expectRequest()).toBe(1);
  pub.sendNext(1);
  await sub.expectNext(1);
  await sub.expectNoMessage(10);
  expect(pub.pending).toBe(0);
  sub.request(1);
  pub.sendNext(2);
  await sub.expectNext(2);
  pub.sendComplete();
  await sub.expectComplete();
}

describe('Source.preMaterialize', () => {
  it('hands back the materialized value now and the elements later', async () => {
    const [deferred, source] = Source.maybe<number>().preMaterialize(mat);
    deferred.resolve(7);
    expect(await source.runWith(Sink.seq(), mat)).toEqual([7]);
  });

  it('holds the running source back until the returned source pulls', async () => {
    const [pub, source] = TestSource.probe<number>().preMaterialize(mat);
    const sub = source.runWith(TestSink.probe<number>(), mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await handsOverOneAtATime(pub, sub);
  });

  it('delivers what the running source did before the returned source ran', async () => {
    const [, source] = Source.from([1, 2, 3]).preMaterialize(mat);
    expect(await source.runWith(Sink.seq(), mat)).toEqual([1, 2, 3]);
    const [, empty] = Source.empty<number>().preMaterialize(mat);
    expect(await empty.runWith(Sink.seq(), mat)).toEqual([]);
  });

  it('fails the returned source when the running source fails', async () => {
    const boom = new Error('boom');
    const [pub, source] = TestSource.probe<number>().preMaterialize(mat);
    const sub = source.runWith(TestSink.probe<number>(), mat);
    sub.request(1);
    pub.sendError(boom);
    expect(await sub.expectError()).toBe(boom);
    const [, failed] = Source.failed<number>(boom).preMaterialize(mat);
    await expect(failed.runWith(Sink.seq(), mat)).rejects.toBe(boom);
  });

  it('cancels the running source when the returned source is cancelled', async () => {
    const [pub, source] = TestSource.probe<number>().preMaterialize(mat);
    source.runWith(TestSink.probe<number>(), mat).cancel();
    await pub.expectCancellation();
  });

  it('can be materialized once', async () => {
    const [pub, source] = TestSource.probe<number>().preMaterialize(mat);
    const sub = source.runWith(TestSink.probe<number>(), mat);
    expect(() => source.runWith(Sink.seq(), mat)).toThrow(PortMisuseError);
    expect(() => source.runWith(Sink.seq(), mat)).toThrow(/cannot materialize sub-source .* twice/);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('emits exactly what the source emits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const [, source] = Source.from(xs).preMaterialize(mat);
        expect(await source.runWith(Sink.seq(), mat)).toEqual(xs);
      }),
    );
  });
});

describe('Sink.preMaterialize', () => {
  it('hands back the materialized value now and feeds the running sink later', async () => {
    const [total, sink] = Sink.fold(0, (a, x: number) => a + x).preMaterialize(mat);
    Source.range(1, 3).to(sink).run(mat);
    expect(await total).toBe(6);
  });

  it('passes demand and elements one at a time, completes with its upstream', async () => {
    const [sub, sink] = TestSink.probe<number>().preMaterialize(mat);
    sub.request(1);
    await sub.expectNoMessage(10);
    const pub = TestSource.probe<number>().to(sink).run(mat);
    await handsOverOneAtATime(pub, sub);
  });

  it('fails the running sink when the upstream of the returned sink fails', async () => {
    const boom = new Error('boom');
    const [result, sink] = Sink.seq<number>().preMaterialize(mat);
    Source.failed<number>(boom).to(sink).run(mat);
    await expect(result).rejects.toBe(boom);
  });

  it('cancels the upstream of the returned sink when the running sink cancels', async () => {
    const [sub, sink] = TestSink.probe<number>().preMaterialize(mat);
    const pub = TestSource.probe<number>().to(sink).run(mat);
    sub.cancel();
    await pub.expectCancellation();
    const [sub2, never] = TestSink.probe<number>().preMaterialize(mat);
    sub2.cancel(); // before the returned sink ran: it cancels at once when it does
    const pub2 = TestSource.probe<number>().to(never).run(mat);
    await pub2.expectCancellation();
  });

  it('can be materialized once', async () => {
    const [sub, sink] = TestSink.probe<number>().preMaterialize(mat);
    const pub = TestSource.probe<number>().to(sink).run(mat);
    expect(() => Source.single(1).runWith(sink, mat)).toThrow(
      /cannot materialize sub-sink .* twice/,
    );
    sub.cancel();
    await pub.expectCancellation();
  });

  it('receives exactly what is run into the returned sink', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const [result, sink] = Sink.seq<number>().preMaterialize(mat);
        Source.from(xs).to(sink).run(mat);
        expect(await result).toEqual(xs);
      }),
    );
  });
});

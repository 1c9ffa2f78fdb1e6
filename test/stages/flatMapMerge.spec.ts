import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { flatMapConcat, flatMapMerge, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

describe('flatMapConcat', () => {
  it('emits each inner source in turn, like flatMap on arrays', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 4 }), { maxLength: 6 }),
        async (xss) => {
          const out = await Source.from(xss)
            .flatMapConcat((xs) => Source.from(xs))
            .runWith(Sink.seq(), mat);
          expect(out).toEqual(xss.flat());
        },
      ),
      { numRuns: 30 },
    );
  });

  it('pulls the next element only once the inner source completed', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .flatMapConcat((x) => Source.from([x, x]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    expect(await pub.expectRequest()).toBe(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    await settle();
    expect(pub.pending).toBe(0);
    sub.request(2);
    await sub.expectNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(2);
    pub.sendComplete();
    sub.request(1);
    await sub.expectNext(2);
    await sub.expectComplete();
  });

  it('fails with upstream, with an inner source, and when f throws', async () => {
    await expect(
      Source.failed<number>(boom)
        .flatMapConcat((x) => Source.single(x))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expect(
      Source.single(1)
        .flatMapConcat(() => Source.failed<number>(boom))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expect(
      Source.single(1)
        .flatMapConcat((): Source<number, unknown> => {
          throw boom;
        })
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });

  it('cancels upstream and the inner source when downstream cancels', async () => {
    const [outer, sub] = TestSource.probe<number>()
      .flatMapConcat(() => TestSource.probe<number>().mapMaterializedValue(() => undefined))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await outer.expectRequest();
    outer.sendNext(1);
    await settle();
    sub.cancel();
    await outer.expectCancellation();
  });

  it('rejects a non-function', () => {
    expect(() => flatMapConcat(1 as never)).toThrow(
      'flatMapConcat: f must be a function, got number',
    );
  });
});

describe('flatMapMerge', () => {
  it('emits every element of every inner source (as a multiset)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 4 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async (xss, breadth) => {
          const out = await Source.from(xss)
            .flatMapMerge(breadth, (xs) => Source.from(xs))
            .runWith(Sink.seq(), mat);
          expect([...out].sort((a, b) => a - b)).toEqual(xss.flat().sort((a, b) => a - b));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('runs at most `breadth` inner sources at once (counted)', async () => {
    let running = 0;
    let maxRunning = 0;
    const tracked = await Source.range(1, 20)
      .flatMapMerge(3, (x) => {
        running++; // f is called once per inner source, right before it is materialized
        maxRunning = Math.max(maxRunning, running);
        let seen = 0;
        // The inner source's last element passing marks it done (its completion follows).
        return Source.from([x, x]).map((y) => {
          if (++seen === 2) running--;
          return y;
        });
      })
      .runWith(Sink.seq(), mat);
    expect(tracked.length).toBe(40);
    expect(maxRunning).toBeLessThanOrEqual(3);
  });

  it('fails with upstream or an inner source, cancels with downstream', async () => {
    await expect(
      Source.single(1)
        .flatMapMerge(2, () => Source.failed<number>(boom))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    const [pub, sub] = TestSource.probe<number>()
      .flatMapMerge(2, (x) => Source.single(x))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    pub.sendError(boom);
    await sub.expectError(boom);
    const [pub2, sub2] = TestSource.probe<number>()
      .flatMapMerge(2, (x) => Source.single(x))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('backpressures: without demand, inner elements wait in their sources', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .flatMapMerge(2, (x) => Source.from([x, x, x]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNoMessage(10);
    // Two inner sources run: upstream is not pulled a third time.
    expect(pub.pending).toBe(0);
    // One element per pull, taken from each inner source in turn.
    sub.request(2);
    await sub.expectNextUnordered(1, 2);
    await sub.expectNoMessage(10);
    sub.request(4);
    await sub.expectNextUnordered(1, 1, 2, 2);
    await pub.expectRequest();
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('rejects bad settings', () => {
    expect(() => flatMapMerge(0, () => Source.empty())).toThrow(
      'flatMapMerge: breadth must be a positive integer, got 0',
    );
  });
});

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { ClassicMap } from '../core/classicMap.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** A pass-through written with onPush/onPull: a substream holding it runs unfused. */
const classic = Flow.fromGraph(new ClassicMap((x) => x));

type Shaper = (f: Flow<number, number, unknown>) => Flow<number, unknown, unknown>;
const perSubstream: Record<string, Shaper> = {
  'fold to a list': (f) => f.fold([] as number[], (acc: number[], x: number) => [...acc, x]),
  'take(2)': (f) => f.take(2),
  'running sum': (f) => f.scan(0, (a: number, x: number) => a + x),
  'grouped(2)': (f) => f.grouped(2),
  'each twice (an expansion)': (f) => f.mapConcat((x: number) => [x, x]),
};

describe('splitWhen and splitAfter with a fusable per-substream flow', () => {
  for (const split of ['splitWhen', 'splitAfter'] as const) {
    for (const closing of ['concatSubstreams', 'mergeSubstreams'] as const) {
      it(`${split} + ${closing}: fused substreams give what real ones give`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }),
            fc.constantFrom(...Object.keys(perSubstream)),
            async (xs, shape) => {
              const shaper = perSubstream[shape] as Shaper;
              const run = (through: Flow<number, number, unknown>): Promise<unknown[]> =>
                Source.from(xs)
                  [split]((x) => x === 0)
                  .via(shaper(through))
                  [closing]()
                  .runWith(Sink.seq(), mat);
              const fused = await run(Flow.create<number>());
              const real = await run(classic);
              expect(fused).toEqual(real);
            },
          ),
          { numRuns: 40 },
        );
      });
    }
  }

  it('backpressures upstream: one element in, one out, per demand', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .splitWhen((x) => x === 0)
      .map((x) => x * 10)
      .concatSubstreams()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(0);
    await sub.expectNextN(2);
    await sub.expectNoMessage(0);
    // Demand is met: upstream is asked for at most the one element the chain holds a pull for.
    expect(pub.pending).toBeLessThanOrEqual(1);
    sub.request(1);
    if (pub.pending === 0) await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(20);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('emits the last substream’s fold when upstream completes, with no demand left over', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .splitAfter((x) => x === 0)
      .fold(0, (a: number, x: number) => a + x)
      .mergeSubstreams()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    for (const x of [1, 0, 5, 6]) {
      await pub.expectRequest();
      pub.sendNext(x);
    }
    pub.sendComplete();
    await sub.expectNext(1);
    await sub.expectNext(11);
    await sub.expectComplete();
  });

  it('fails with upstream and cancels upstream with downstream', async () => {
    const boom = new Error('upstream failed');
    await expect(
      Source.from([1, 0, 2])
        .concat(Source.failed<number>(boom))
        .splitWhen((x) => x === 0)
        .map((x) => x + 1)
        .concatSubstreams()
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    const [pub, sub] = TestSource.probe<number>()
      .splitWhen((x) => x === 0)
      .map((x) => x + 1)
      .mergeSubstreams()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(2);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('fails with the error the predicate throws', async () => {
    const bad = new Error('p failed');
    await expect(
      Source.from([1, 2])
        .splitWhen((x) => {
          if (x === 2) throw bad;
          return false;
        })
        .map((x) => x)
        .concatSubstreams()
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(bad);
  });
});

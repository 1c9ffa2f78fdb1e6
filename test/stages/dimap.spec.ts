import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contramap, dimap, Flow, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const inner = Flow.create<number>()
  .filter((x) => x % 2 === 0)
  .mapMaterializedValue(() => 'inner');

describe('Flow.contramap and Flow.dimap', () => {
  it('map the input (and output) against an array model, keeping the mat value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string()), async (xs) => {
        const [m1, r1] = Source.from(xs)
          .viaMat(
            inner.contramap((s: string) => s.length),
            Keep.right,
          )
          .toMat(Sink.seq(), Keep.both)
          .run(mat);
        expect(await r1).toEqual(xs.map((s) => s.length).filter((x) => x % 2 === 0));
        expect(m1).toBe('inner');
        const r2 = await Source.from(xs)
          .via(
            inner.dimap(
              (s: string) => s.length,
              (n) => `#${String(n)}`,
            ),
          )
          .runWith(Sink.seq(), mat);
        expect(r2).toEqual(
          xs
            .map((s) => s.length)
            .filter((x) => x % 2 === 0)
            .map((n) => `#${String(n)}`),
        );
      }),
      { numRuns: 30 },
    );
  });

  it('pass back-pressure, completion, failure and cancellation', async () => {
    const [pub, sub] = flowProbes(
      dimap(
        Flow.create<number>(),
        (s: string) => s.length,
        (n) => n * 10,
      ),
      mat,
    );
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext('abc');
    await sub.expectNext(30);
    pub.sendComplete();
    await sub.expectComplete();
    const boom = new TE('up');
    const [pub2, sub2] = flowProbes(
      contramap(Flow.create<number>(), (s: string) => s.length),
      mat,
    );
    pub2.sendError(boom);
    await sub2.expectError(boom);
    const [pub3, sub3] = flowProbes(
      contramap(Flow.create<number>(), (s: string) => s.length),
      mat,
    );
    sub3.cancel();
    await pub3.expectCancellation();
  });

  it('reject non-functions', () => {
    expect(() => contramap(Flow.create<number>(), 1 as unknown as (s: string) => number)).toThrow(
      'contramap: f must be',
    );
    expect(() =>
      dimap(
        Flow.create<number>(),
        (s: string) => s.length,
        null as unknown as (n: number) => number,
      ),
    ).toThrow(TypeError);
  });
});

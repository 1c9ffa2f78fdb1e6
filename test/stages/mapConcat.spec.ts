import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  mapConcat,
  Materializer,
  Sink,
  Source,
  statefulMapConcat,
  Supervision,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('mapConcat', () => {
  it('flattens arrays and iterables like flatMap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(4)), fc.boolean(), async (xs, useSet) => {
        const f = (x: number): Iterable<number> => {
          const items = Array.from({ length: x }, (_, i) => x * 10 + i);
          return useSet ? new Set(items) : items;
        };
        const out = await Source.from(xs).mapConcat(f).runWith(Sink.seq(), mat);
        expect(out).toEqual(xs.flatMap((x) => [...f(x)]));
      }),
    );
  });

  it('does not pull upstream while the current iterable has elements', async () => {
    const [pub, sub] = flowProbes(
      mapConcat((x: number) => [x, x]),
      mat,
    );
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    sub.request(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(2);
    pub.sendComplete();
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext(2);
    await sub.expectComplete();
  });

  it('completes at once when upstream completes with nothing pending', async () => {
    const [pub, sub] = flowProbes(
      mapConcat((x: number) => new Set([x])),
      mat,
    );
    sub.request(2);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('fails with upstream and cancels with downstream', async () => {
    const [pub, sub] = flowProbes(
      mapConcat((x: number) => [x]),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(
      mapConcat((x: number) => [x]),
      mat,
    );
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('drops the element whose function or iteration throws under resume', async () => {
    function* explode(x: number): Generator<number> {
      yield x;
      throw new TE('iteration');
    }
    const out = await Source.range(1, 4)
      .mapConcat((x) => {
        if (x === 2) throw new TE('f');
        if (x === 3) return explode(x);
        return [x];
      })
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 3, 4]);
    await expect(
      Source.single(1)
        .mapConcat((x) => explode(x))
        .runWith(Sink.seq(), mat),
    ).rejects.toThrow('iteration');
  });

  it('refuses a function that is not one', () => {
    expect(() => mapConcat(3 as never)).toThrow(/mapConcat: f must be a function, got number/);
    expect(() => statefulMapConcat(3 as never)).toThrow(
      /statefulMapConcat: factory must be a function/,
    );
  });
});

describe('statefulMapConcat', () => {
  it('calls the factory once per materialization and keeps its state', async () => {
    let factories = 0;
    const dedupe = Source.from([1, 1, 2, 1, 3]).statefulMapConcat(() => {
      factories++;
      const seen = new Set<number>();
      return (x: number) => {
        if (seen.has(x)) return [];
        seen.add(x);
        return [x];
      };
    });
    expect(await dedupe.runWith(Sink.seq(), mat)).toEqual([1, 2, 3]);
    expect(await dedupe.runWith(Sink.seq(), mat)).toEqual([1, 2, 3]);
    expect(factories).toBe(2);
  });

  it('calls the factory again on a supervision restart', async () => {
    const out = await Source.from([1, 2, 1, 2])
      .statefulMapConcat(() => {
        const seen = new Set<number>();
        return (x: number) => {
          if (seen.has(x)) throw new TE('dup');
          seen.add(x);
          return [x];
        };
      })
      .withAttributes(Attributes.supervisionStrategy(Supervision.restartingDecider))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 2]);
  });
});

describe('mapConcat fused with its neighbours', () => {
  it('matches flatMap in long fused chains, with take cutting bursts short', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 6 }), { maxLength: 20 }),
        fc.nat(40),
        async (xss, n) => {
          const out = await Source.from(xss)
            .mapConcat((xs) => xs)
            .mapConcat((x) => [x, x + 1])
            .take(n)
            .runWith(Sink.seq(), mat);
          expect(out).toEqual(
            xss
              .flat()
              .flatMap((x) => [x, x + 1])
              .slice(0, n),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runs a generator lazily, one element per demand, and closes it when cancelled', async () => {
    let produced = 0;
    let closed = 0;
    function* numbers(): Generator<number> {
      try {
        for (let i = 0; ; i++) {
          produced++;
          yield i;
        }
      } finally {
        closed++;
      }
    }
    const sub = Source.single(1)
      .mapConcat(() => numbers())
      .runWith(TestSink.probe<number>(), mat);
    sub.request(3);
    await sub.expectNext(0, 1, 2);
    await sub.expectNoMessage(10);
    expect(produced).toBe(3);
    sub.cancel();
    await settle();
    expect(closed).toBe(1);
  });

  it('fails naming the stage on an undefined element inside an iterable', async () => {
    await expect(
      Source.single(1)
        .mapConcat(() => [1, undefined as unknown as number, 3])
        .runWith(Sink.seq(), mat),
    ).rejects.toThrow(/mapConcat.*null and undefined are not legal/);
  });
});

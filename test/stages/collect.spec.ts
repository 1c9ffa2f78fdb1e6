import fc from 'fast-check';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { Attributes, collect, Materializer, type NotUsed, Sink, Source, Supervision } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('collect', () => {
  it('maps with a partial function like the array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const f = (x: number) => (x % 2 === 0 ? `${x}` : undefined);
        const out = await Source.from(xs).collect(f).runWith(Sink.seq(), mat);
        expect(out).toEqual(xs.map(f).filter((s) => s !== undefined));
      }),
    );
  });

  it('narrows with a type guard', async () => {
    const source = Source.from<string | number>([1, 'a', 2, 'b']).collect(
      (x): x is number => typeof x === 'number',
    );
    expectTypeOf(source).toEqualTypeOf<Source<number, NotUsed>>();
    expect(await source.runWith(Sink.seq(), mat)).toEqual([1, 2]);
  });

  it('passes elements a plain predicate accepts, and drops null results', async () => {
    expect(
      await Source.range(1, 4)
        .collect((x) => x > 2)
        .runWith(Sink.seq(), mat),
    ).toEqual([3, 4]);
    expect(
      await Source.range(1, 3)
        .collect((x) => (x === 2 ? null : x * 10))
        .runWith(Sink.seq(), mat),
    ).toEqual([10, 30]);
  });

  it('pulls again for a dropped element and completes with upstream', async () => {
    const [pub, sub] = flowProbes(
      collect((x: number) => (x > 0 ? x : undefined)),
      mat,
    );
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(0);
    await pub.expectRequest();
    pub.sendNext(5);
    await sub.expectNext(5);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('fails with upstream and cancels with downstream', async () => {
    const [pub, sub] = flowProbes(
      collect((x: number) => x),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(
      collect((x: number) => x),
      mat,
    );
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('drops an element whose function throws under resume', async () => {
    const out = await Source.range(1, 3)
      .collect((x) => {
        if (x === 2) throw new TE('f');
        return x;
      })
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 3]);
  });

  it('refuses a function that is not one', () => {
    expect(() => collect(undefined as never)).toThrow(/collect: f must be a function/);
  });
});

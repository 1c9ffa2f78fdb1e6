import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  Materializer,
  NoSuchElementError,
  reduce,
  Sink,
  Source,
  Supervision,
} from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('reduce (flow)', () => {
  it('matches Array.prototype.reduce on non-empty input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { minLength: 1 }), async (xs) => {
        const out = await Source.from(xs)
          .reduce((a, b) => a - b)
          .runWith(Sink.seq(), mat);
        expect(out).toEqual([xs.reduce((a, b) => a - b)]);
      }),
    );
  });

  it('fails an empty stream with NoSuchElementError', async () => {
    const done = Source.empty<number>()
      .reduce((a, b) => a + b)
      .runWith(Sink.seq(), mat);
    await expect(done).rejects.toBeInstanceOf(NoSuchElementError);
    await expect(done).rejects.toThrow(/^reduce#2: cannot reduce an empty stream/);
  });

  it('emits only on demand after completion, and fails or cancels with its neighbours', async () => {
    const [pub, sub] = flowProbes(
      reduce((a: number, b: number) => a + b),
      mat,
    );
    pub.sendNext(1, 2, 3).sendComplete();
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext(6);
    await sub.expectComplete();
    const [pub2, sub2] = flowProbes(
      reduce((a: number, b: number) => a + b),
      mat,
    );
    const error = new TE('up');
    pub2.sendError(error);
    await sub2.expectError(error);
    const [pub3, sub3] = flowProbes(
      reduce((a: number, b: number) => a + b),
      mat,
    );
    sub3.cancel();
    await pub3.expectCancellation();
  });

  it('keeps the accumulator on resume and forgets it on restart', async () => {
    const run = (decider: typeof Supervision.resumingDecider) =>
      Source.from([1, 2, 3, 4])
        .reduce((a, b) => {
          if (b === 3) throw new TE('three');
          return a + b;
        })
        .withAttributes(Attributes.supervisionStrategy(decider))
        .runWith(Sink.head(), mat);
    expect(await run(Supervision.resumingDecider)).toBe(7);
    expect(await run(Supervision.restartingDecider)).toBe(4);
  });

  it('refuses a non-function', () => {
    expect(() => reduce(0 as never)).toThrow(/reduce: f must be a function, got number/);
  });
});

describe('Sink.reduce', () => {
  it('matches Array.prototype.reduce and rejects an empty stream', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { minLength: 1 }), async (xs) => {
        expect(
          await Source.from(xs).runWith(
            Sink.reduce((a: number, b: number) => a * 2 + b),
            mat,
          ),
        ).toBe(xs.reduce((a, b) => a * 2 + b));
      }),
    );
    await expect(
      Source.empty<number>().runWith(
        Sink.reduce((a: number, b: number) => a + b),
        mat,
      ),
    ).rejects.toBeInstanceOf(NoSuchElementError);
  });

  it('rejects when upstream fails', async () => {
    await expect(
      Source.failed<number>(new TE('up')).runWith(
        Sink.reduce((a: number, b: number) => a + b),
        mat,
      ),
    ).rejects.toThrow('up');
    expect(() => Sink.reduce(1 as never)).toThrow(/Sink.reduce: f must be a function/);
  });
});

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, foldAsync, Materializer, scanAsync, Sink, Source, Supervision } from 'sluice';
import { assertAllStagesStopped, settle } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const slowAdd = async (a: number, x: number) => {
  await settle(1);
  return a + x;
};

describe('scanAsync', () => {
  it('emits the seed and every running value, like scan', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 15 }), async (xs) => {
        const out = await Source.from(xs).scanAsync(0, slowAdd).runWith(Sink.seq(), mat);
        expect(out).toEqual(
          await Source.from(xs)
            .scan(0, (a, x) => a + x)
            .runWith(Sink.seq(), mat),
        );
      }),
    );
  });

  it('does not pull while a call is in flight', async () => {
    const [pub, sub] = flowProbes(scanAsync(0, slowAdd), mat);
    sub.request(1);
    await sub.expectNext(0);
    sub.request(2);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    await pub.expectRequest();
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('drops a failing element, resetting on restart; fails by default', async () => {
    const f = (a: number, x: number) =>
      x === 2 ? Promise.reject(new TE('two')) : Promise.resolve(a + x);
    const run = (decider: typeof Supervision.resumingDecider) =>
      Source.from([1, 2, 3])
        .scanAsync(0, f)
        .withAttributes(Attributes.supervisionStrategy(decider))
        .runWith(Sink.seq(), mat);
    expect(await run(Supervision.resumingDecider)).toEqual([0, 1, 4]);
    expect(await run(Supervision.restartingDecider)).toEqual([0, 1, 3]);
    await expect(run(Supervision.stoppingDecider)).rejects.toThrow('two');
  });

  it('fails with upstream, cancels with downstream, refuses a non-function', async () => {
    const [pub, sub] = flowProbes(scanAsync(0, slowAdd), mat);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(scanAsync(0, slowAdd), mat);
    sub2.cancel();
    await pub2.expectCancellation();
    expect(() => scanAsync(0, 1 as never)).toThrow(/scanAsync: f must be a function/);
  });
});

describe('foldAsync', () => {
  it('emits the folded value at completion, like fold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 15 }), async (xs) => {
        const out = await Source.from(xs).foldAsync(0, slowAdd).runWith(Sink.seq(), mat);
        expect(out).toEqual([xs.reduce((a, x) => a + x, 0)]);
      }),
    );
  });

  it('waits for the call in flight before emitting, and only on demand', async () => {
    const [pub, sub] = flowProbes(foldAsync(0, slowAdd), mat);
    pub.sendNext(1, 2).sendComplete();
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext(3);
    await sub.expectComplete();
  });

  it('skips a failing element under resume; fails by default; cancels; refuses a non-function', async () => {
    const f = (a: number, x: number) =>
      x === 2 ? Promise.reject(new TE('two')) : Promise.resolve(a + x);
    expect(
      await Source.from([1, 2, 3])
        .foldAsync(0, f)
        .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
        .runWith(Sink.head(), mat),
    ).toBe(4);
    await expect(Source.from([1, 2, 3]).foldAsync(0, f).runWith(Sink.head(), mat)).rejects.toThrow(
      'two',
    );
    const [pub, sub] = flowProbes(foldAsync(0, slowAdd), mat);
    sub.cancel();
    await pub.expectCancellation();
    expect(() => foldAsync(0, 1 as never)).toThrow(/foldAsync: f must be a function/);
  });
});

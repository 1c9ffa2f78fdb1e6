import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { intersperse, Materializer, Sink, Source, zipWithIndex } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('intersperse', () => {
  it('matches the join model with and without start and end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ minLength: 1 })), async (xs) => {
        const joined = xs.flatMap((x, i) => (i === 0 ? [x] : [',', x]));
        expect(await Source.from(xs).intersperse(',').runWith(Sink.seq(), mat)).toEqual(joined);
        expect(await Source.from(xs).intersperse('[', ',', ']').runWith(Sink.seq(), mat)).toEqual([
          '[',
          ...joined,
          ']',
        ]);
      }),
    );
  });

  it('emits start and end around an empty stream', async () => {
    expect(
      await Source.empty<string>().intersperse('[', ',', ']').runWith(Sink.seq(), mat),
    ).toEqual(['[', ']']);
  });

  it('holds the element behind its separator until demand', async () => {
    const [pub, sub] = flowProbes(intersperse('-'), mat);
    sub.request(1);
    pub.sendNext('a', 'b');
    await sub.expectNext('a');
    sub.request(1);
    await sub.expectNext('-');
    await sub.expectNoMessage(0);
    pub.sendComplete();
    sub.request(1);
    await sub.expectNext('b');
    await sub.expectComplete();
  });

  it('fails with upstream, cancels with downstream, refuses undefined separators', async () => {
    const [pub, sub] = flowProbes(intersperse('-'), mat);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(intersperse('-'), mat);
    sub2.cancel();
    await pub2.expectCancellation();
    expect(() => intersperse(undefined)).toThrow(/intersperse: separators must not be undefined/);
  });
});

describe('zipWithIndex', () => {
  it('pairs every element with its index', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        expect(await Source.from(xs).zipWithIndex().runWith(Sink.seq(), mat)).toEqual(
          xs.map((x, i) => [x, i]),
        );
      }),
    );
  });

  it('backpressures, fails and cancels', async () => {
    const [pub, sub] = flowProbes(zipWithIndex<string>(), mat);
    sub.request(1);
    pub.sendNext('a', 'b');
    await sub.expectNext(['a', 0]);
    await sub.expectNoMessage(0);
    sub.cancel();
    await pub.expectCancellation();
    const [pub2, sub2] = flowProbes(zipWithIndex<string>(), mat);
    const error = new TE('up');
    pub2.sendError(error);
    await sub2.expectError(error);
  });
});

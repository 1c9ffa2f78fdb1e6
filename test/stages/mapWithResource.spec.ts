import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mapWithResource, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

class Resource {
  closed = 0;
  constructor(readonly prefix: string) {}
}

describe('mapWithResource', () => {
  it('maps with the resource and emits close’s result last, against an array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const opened: Resource[] = [];
        const out = await Source.from(xs)
          .mapWithResource(
            () => {
              const r = new Resource('r');
              opened.push(r);
              return r;
            },
            (r, x) => `${r.prefix}${String(x)}`,
            (r) => {
              r.closed++;
              return 'end';
            },
          )
          .runWith(Sink.seq(), mat);
        expect(out).toEqual([...xs.map((x) => `r${String(x)}`), 'end']);
        expect(opened.length).toBe(1);
        expect(opened[0]?.closed).toBe(1);
      }),
      { numRuns: 30 },
    );
  });

  it('closes once on downstream cancel and on upstream failure, with back-pressure', async () => {
    const r = new Resource('a');
    const [pub, sub] = flowProbes(
      mapWithResource(
        () => r,
        (res: Resource, x: number) => res.prefix + String(x),
        (res) => {
          res.closed++;
          return undefined;
        },
      ),
      mat,
    );
    await sub.expectNoMessage(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext('a1');
    sub.cancel();
    await pub.expectCancellation();
    expect(r.closed).toBe(1);

    const r2 = new Resource('b');
    const boom = new TE('up');
    const [pub2, sub2] = flowProbes(
      mapWithResource(
        () => r2,
        (res: Resource, x: number) => res.prefix + String(x),
        (res) => {
          res.closed++;
          return 'x';
        },
      ),
      mat,
    );
    pub2.sendError(boom);
    await sub2.expectError(boom);
    expect(r2.closed).toBe(1);
  });

  it('rejects non-functions', () => {
    expect(() =>
      mapWithResource(() => 1, null as unknown as (r: number, x: number) => number),
    ).toThrow('mapWithResource: f must be');
  });
});

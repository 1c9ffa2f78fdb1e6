import { afterEach, describe, expect, it } from 'vitest';
import { expand, extrapolate, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

function* forever<T>(x: T): Generator<T> {
  for (;;) yield x;
}

describe('expand', () => {
  it('repeats the last element while downstream is faster', async () => {
    const [pub, sub] = flowProbes(
      expand((x: number) => forever(x)),
      mat,
    );
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    sub.request(3);
    await sub.expectNext(1, 1, 1);
    pub.sendNext(2);
    await settle();
    sub.request(2);
    await sub.expectNext(2, 2);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('emits every element at least once when downstream keeps up', async () => {
    const out = await Source.from([1, 2, 3])
      .expand((x) => forever(x))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 3]);
  });

  it('fails with upstream or a throwing f, cancels with downstream, refuses a non-function', async () => {
    const [pub, sub] = flowProbes(
      expand((x: number) => forever(x)),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    await expect(
      Source.single(1)
        .expand(() => {
          throw new TE('f');
        })
        .runWith(Sink.seq(), mat),
    ).rejects.toThrow('f');
    const [pub2, sub2] = flowProbes(
      expand((x: number) => forever(x)),
      mat,
    );
    sub2.cancel();
    await pub2.expectCancellation();
    expect(() => expand(1 as never)).toThrow(/expand: f must be a function/);
  });
});

describe('extrapolate', () => {
  it('emits the element, then its extras, until the next element', async () => {
    const [pub, sub] = flowProbes(
      extrapolate((x: number) => [x + 0.5][Symbol.iterator]()),
      mat,
    );
    sub.request(3);
    pub.sendNext(1);
    await sub.expectNext(1, 1.5);
    pub.sendNext(2);
    await sub.expectNext(2);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('emits the initial element before the first upstream one', async () => {
    const [pub, sub] = flowProbes(
      extrapolate((x: number) => forever(x), 0),
      mat,
    );
    sub.request(2);
    await sub.expectNext(0, 0);
    pub.sendNext(7);
    sub.request(1);
    await sub.expectNext(7);
    sub.cancel();
    await pub.expectCancellation();
  });
});

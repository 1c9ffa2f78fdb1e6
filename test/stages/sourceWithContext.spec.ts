import { afterEach, describe, expect, it } from 'vitest';
import { asSourceWithContext, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

interface Msg {
  readonly offset: number;
  readonly value: string;
}
const msgs: Msg[] = [
  { offset: 1, value: 'a' },
  { offset: 2, value: 'bb' },
  { offset: 3, value: 'ccc' },
];

describe('SourceWithContext', () => {
  it('map, filter and mapAsync keep each element with its context', async () => {
    const out = await Source.from(msgs)
      .asSourceWithContext((m) => m.offset)
      .map((m) => m.value)
      .filter((v) => v.length !== 2)
      .mapAsync(2, (v) => Promise.resolve(v.toUpperCase()))
      .asSource()
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([
      ['A', 1],
      ['CCC', 3],
    ]);
  });

  it('fails, completes, backpressures and cancels like the pair source', async () => {
    const boom = new Error('boom');
    await expect(
      asSourceWithContext(Source.failed<number>(boom), (x) => x)
        .asSource()
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    const [pub, sub] = TestSource.probe<number>()
      .asSourceWithContext((x) => x * 10)
      .map((x) => x + 1)
      .asSource()
      .toMat(TestSink.probe<readonly [number, number]>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    pub.sendNext(1);
    expect(await sub.expectNextAny()).toEqual([2, 10]);
    pub.sendComplete();
    await sub.expectComplete();
    const [pub2, sub2] = TestSource.probe<number>()
      .asSourceWithContext((x) => x)
      .asSource()
      .toMat(TestSink.probe<readonly [number, number]>(), Keep.both)
      .run(mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('rejects non-functions', () => {
    expect(() => Source.single(1).asSourceWithContext(1 as never)).toThrow(
      'asSourceWithContext: extract must be a function, got number',
    );
    expect(() =>
      Source.single(1)
        .asSourceWithContext((x) => x)
        .map(2 as never),
    ).toThrow('SourceWithContext.map: f must be a function, got number');
  });
});

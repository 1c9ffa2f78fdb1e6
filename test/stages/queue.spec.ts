import { afterEach, describe, expect, it } from 'vitest';
import {
  BufferOverflowError,
  Keep,
  Materializer,
  QueueOfferFailure,
  queue,
  Sink,
  sinkQueue,
  Source,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

describe('Source.queue', () => {
  it('emits offered elements and completes after the buffer drained', async () => {
    const [q, sub] = Source.queue<number>(4).toMat(TestSink.probe<number>(), Keep.both).run(mat);
    expect(await q.offer(1)).toBe('enqueued');
    expect(await q.offer(2)).toBe('enqueued');
    q.complete();
    expect(await q.offer(3)).toBe('queueClosed');
    sub.request(5);
    await sub.expectNext(1, 2);
    await sub.expectComplete();
    await q.watchCompletion();
  });

  it('holds at most bufferSize elements without demand (dropNew)', async () => {
    const [q, sub] = Source.queue<number>(2, 'dropNew')
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    const results = await Promise.all([1, 2, 3, 4].map((x) => q.offer(x)));
    expect(results).toEqual(['enqueued', 'enqueued', 'dropped', 'dropped']);
    sub.request(5);
    await sub.expectNext(1, 2);
    q.complete();
    await sub.expectComplete();
  });

  it('applies the drop strategies to a full buffer', async () => {
    for (const [strategy, expected] of [
      ['dropHead', [2, 3]],
      ['dropTail', [1, 3]],
      ['dropBuffer', [3]],
    ] as const) {
      const [q, sub] = Source.queue<number>(2, strategy)
        .toMat(TestSink.probe<number>(), Keep.both)
        .run(mat);
      for (const x of [1, 2, 3]) expect(await q.offer(x)).toBe('enqueued');
      q.complete();
      expect(await sub.toStrict()).toEqual(expected);
    }
  });

  it('waits for room with backpressure, one offer at a time', async () => {
    const [q, sub] = Source.queue<number>(1, 'backpressure')
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    expect(await q.offer(1)).toBe('enqueued');
    let second: unknown;
    void q.offer(2).then((r) => (second = r));
    const third = await q.offer(3);
    expect(third).toBeInstanceOf(QueueOfferFailure);
    await settle();
    expect(second).toBeUndefined();
    sub.request(1);
    await sub.expectNext(1);
    await settle();
    expect(second).toBe('enqueued');
    sub.request(1);
    await sub.expectNext(2);
    q.complete();
    await sub.expectComplete();
  });

  it('fails on overflow with the fail strategy, naming the stage', async () => {
    const [q, sub] = Source.queue<number>(1, 'fail')
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    expect(await q.offer(1)).toBe('enqueued');
    const result = await q.offer(2);
    expect(result).toBeInstanceOf(QueueOfferFailure);
    const error = (result as QueueOfferFailure).cause;
    expect(error).toBeInstanceOf(BufferOverflowError);
    expect((error as Error).message).toMatch(
      /^queue#\d+: cannot offer: the buffer is full \(1 elements\)$/,
    );
    expect(await sub.expectError()).toBe(error);
    await expect(q.watchCompletion()).rejects.toBe(error);
  });

  it('fails the stream with fail(error), answers queueClosed after cancel', async () => {
    const [q, sub] = Source.queue<number>(1).toMat(TestSink.probe<number>(), Keep.both).run(mat);
    q.fail(boom);
    await sub.expectError(boom);
    const [q2, sub2] = Source.queue<number>(1).toMat(TestSink.probe<number>(), Keep.both).run(mat);
    sub2.cancel();
    await q2.watchCompletion();
    expect(await q2.offer(1)).toBe('queueClosed');
  });

  it('rejects bad settings', () => {
    expect(() => queue(0)).toThrow('Source.queue: bufferSize must be a positive integer, got 0');
    expect(() => queue(1, 'nope' as never)).toThrow(
      'Source.queue: overflowStrategy must be one of',
    );
  });
});

describe('Sink.queue', () => {
  it('hands out elements on pull, then undefined at completion', async () => {
    const q = Source.from([1, 2, 3]).runWith(Sink.queue<number>(), mat);
    expect(await q.pull()).toBe(1);
    expect(await q.pull()).toBe(2);
    expect(await q.pull()).toBe(3);
    expect(await q.pull()).toBeUndefined();
    expect(await q.pull()).toBeUndefined();
  });

  it('prefetches at most bufferSize elements (counted)', async () => {
    const [pub, q] = TestSource.probe<number>().toMat(Sink.queue<number>(2), Keep.both).run(mat);
    let pulled = 0;
    for (let i = 0; i < 5; i++) {
      await settle();
      if (pub.pending === 0) break;
      pulled++;
      pub.sendNext(i);
    }
    expect(pulled).toBe(2);
    expect(await q.pull()).toBe(0);
    await pub.expectRequest();
    pub.sendComplete();
    expect(await q.pull()).toBe(1);
    expect(await q.pull()).toBeUndefined();
  });

  it('rejects a pull with the failure, after the buffered elements', async () => {
    const q = Source.single(1)
      .concat(Source.failed<number>(boom))
      .runWith(Sink.queue<number>(), mat);
    expect(await q.pull()).toBe(1);
    await expect(q.pull()).rejects.toBe(boom);
  });

  it('cancels upstream on cancel(), and refuses a second concurrent pull', async () => {
    const [pub, q] = TestSource.probe<number>().toMat(Sink.queue<number>(), Keep.both).run(mat);
    const first = q.pull();
    await expect(q.pull()).rejects.toThrow(/cannot pull: another pull is still waiting/);
    pub.sendNext(1);
    expect(await first).toBe(1);
    q.cancel();
    await pub.expectCancellation();
  });

  it('rejects bad settings', () => {
    expect(() => sinkQueue(0)).toThrow('Sink.queue: bufferSize must be a positive integer, got 0');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  BroadcastHub,
  Keep,
  Materializer,
  MergeHub,
  PartitionHub,
  PartitionOutOfBoundsError,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

/** A source of 1..n that counts how many elements were pulled out of it. */
function counted(n: number, counter: { pulled: number }): Source<number, unknown> {
  return Source.range(1, n).map((x) => {
    counter.pulled++;
    return x;
  });
}

describe('MergeHub', () => {
  it('merges any number of producers', async () => {
    const [toHub, sub] = MergeHub.source<number>(4)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    Source.from([1, 2]).runWith(toHub, mat);
    Source.from([10, 20]).runWith(toHub, mat);
    sub.request(4);
    await sub.expectNextUnordered(1, 2, 10, 20);
    sub.cancel();
    await settle();
  });

  it('holds at most perProducerBufferSize elements per producer (counted)', async () => {
    const [toHub, sub] = MergeHub.source<number>(3)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    const a = { pulled: 0 };
    const b = { pulled: 0 };
    counted(100, a).runWith(toHub, mat);
    counted(100, b).runWith(toHub, mat);
    await settle();
    expect(a.pulled).toBe(3);
    expect(b.pulled).toBe(3);
    sub.request(2);
    await sub.expectNextN(2);
    await settle();
    expect(a.pulled + b.pulled).toBe(8);
    sub.cancel();
    await settle();
  });

  it('cancels every producer, and later ones, when the hub is cancelled', async () => {
    const [toHub, sub] = MergeHub.source<number>(2)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    const pub = TestSource.probe<number>().to(toHub).run(mat);
    await pub.expectRequest();
    sub.cancel();
    await pub.expectCancellation();
    const late = TestSource.probe<number>().to(toHub).run(mat);
    await late.expectCancellation();
  });

  it('keeps going when a producer fails or completes', async () => {
    const [toHub, sub] = MergeHub.source<number>(2)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    Source.failed<number>(boom).runWith(toHub, mat);
    Source.single(5).runWith(toHub, mat);
    sub.request(1);
    await sub.expectNext(5);
    sub.cancel();
    await settle();
  });

  it('rejects a bad buffer size', () => {
    expect(() => MergeHub.source(0)).toThrow(
      'MergeHub.source: perProducerBufferSize must be a positive integer, got 0',
    );
  });
});

describe('MergeHub.sourceWithDraining', () => {
  function drainingHub(perProducerBufferSize = 4) {
    const [[toHub, control], sub] = MergeHub.sourceWithDraining<number>(perProducerBufferSize)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    return { toHub, control, sub };
  }

  it('merges producers like source until drainAndComplete is called', async () => {
    const { toHub, control, sub } = drainingHub();
    Source.from([1, 2]).runWith(toHub, mat);
    Source.from([10, 20]).runWith(toHub, mat);
    sub.request(4);
    await sub.expectNextUnordered(1, 2, 10, 20);
    await sub.expectNoMessage(10);
    control.drainAndComplete();
    await sub.expectComplete();
  });

  it('cancels new producers and completes once the existing ones finish', async () => {
    const { toHub, control, sub } = drainingHub();
    const early = TestSource.probe<number>().to(toHub).run(mat);
    await early.expectRequest();
    sub.request(10);
    early.sendNext(1);
    await sub.expectNext(1);
    control.drainAndComplete();
    await settle();
    const late = TestSource.probe<number>().to(toHub).run(mat);
    await late.expectCancellation();
    // The existing producer keeps going: the hub does not complete yet.
    await sub.expectNoMessage(10);
    early.sendNext(2);
    await sub.expectNext(2);
    early.sendComplete();
    await sub.expectComplete();
  });

  it('emits the elements still waiting before it completes', async () => {
    const { toHub, control, sub } = drainingHub(3);
    Source.from([1, 2, 3]).runWith(toHub, mat);
    await settle();
    control.drainAndComplete();
    await sub.expectNoMessage(10);
    sub.request(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(10);
    sub.request(5);
    await sub.expectNext(2, 3);
    await sub.expectComplete();
  });

  it('completes at once without producers, and counts a failed producer as finished', async () => {
    const first = drainingHub();
    first.control.drainAndComplete();
    first.control.drainAndComplete();
    await first.sub.expectComplete();
    first.control.drainAndComplete(); // a no-op once the hub has stopped

    const second = drainingHub();
    const producer = TestSource.probe<number>().to(second.toHub).run(mat);
    await producer.expectRequest();
    second.control.drainAndComplete();
    await second.sub.expectNoMessage(10);
    producer.sendError(boom);
    await second.sub.expectComplete();
  });

  it('cancels every producer when the hub is cancelled', async () => {
    const { toHub, control, sub } = drainingHub(2);
    const pub = TestSource.probe<number>().to(toHub).run(mat);
    await pub.expectRequest();
    control.drainAndComplete();
    sub.cancel();
    await pub.expectCancellation();
  });

  it('rejects a bad buffer size', () => {
    expect(() => MergeHub.sourceWithDraining(0)).toThrow(
      'MergeHub.sourceWithDraining: perProducerBufferSize must be a positive integer, got 0',
    );
  });
});

describe('BroadcastHub', () => {
  it('sends every element to every consumer', async () => {
    const [pub, hub] = TestSource.probe<number>()
      .toMat(BroadcastHub.sink<number>(8), Keep.both)
      .run(mat);
    const a = hub.runWith(TestSink.probe<number>(), mat);
    const b = hub.runWith(TestSink.probe<number>(), mat);
    a.request(3);
    b.request(3);
    await settle();
    pub.sendNext(1, 2, 3);
    await a.expectNext(1, 2, 3);
    await b.expectNext(1, 2, 3);
    pub.sendComplete();
    await a.expectComplete();
    await b.expectComplete();
  });

  it('is paced by the slowest consumer, holding at most bufferSize elements (counted)', async () => {
    const counter = { pulled: 0 };
    const hub = counted(100, counter).runWith(BroadcastHub.sink<number>(4), mat);
    const slow = hub.runWith(TestSink.probe<number>(), mat);
    await settle();
    const fast = hub.runWith(TestSink.probe<number>(), mat);
    fast.request(100);
    await settle();
    // The slow consumer has taken nothing: the hub holds bufferSize elements for it.
    expect(counter.pulled).toBeLessThanOrEqual(4 + 1);
    slow.request(2);
    await slow.expectNext(1, 2);
    await settle();
    expect(counter.pulled).toBeLessThanOrEqual(6 + 1);
    // Consumers see what arrives after they joined: the slow one still gets all 100.
    slow.request(98);
    expect((await slow.expectNextN(98)).length).toBe(98);
    await slow.expectComplete();
    fast.cancel();
    await settle();
  });

  it('does not pull without consumers, and completes late consumers at once', async () => {
    const [pub, hub] = TestSource.probe<number>()
      .toMat(BroadcastHub.sink<number>(4), Keep.both)
      .run(mat);
    await settle();
    expect(pub.pending).toBe(0);
    const a = hub.runWith(TestSink.probe<number>(), mat);
    await pub.expectRequest();
    pub.sendComplete();
    await a.expectComplete();
    expect(await hub.runWith(Sink.seq(), mat)).toEqual([]);
  });

  it('fails every consumer with upstream, and late consumers too', async () => {
    const [pub, hub] = TestSource.probe<number>()
      .toMat(BroadcastHub.sink<number>(4), Keep.both)
      .run(mat);
    const a = hub.runWith(TestSink.probe<number>(), mat);
    await settle();
    pub.sendError(boom);
    await a.expectError(boom);
    await expect(hub.runWith(Sink.seq(), mat)).rejects.toBe(boom);
  });

  it('rejects a bad buffer size', () => {
    expect(() => BroadcastHub.sink(0)).toThrow(
      'BroadcastHub.sink: bufferSize must be a positive integer, got 0',
    );
  });
});

describe('PartitionHub', () => {
  it('routes each element to the consumer the partitioner picks', async () => {
    const [pub, hub] = TestSource.probe<number>()
      .toMat(
        PartitionHub.sink<number>((size, x) => x % size, 2, 16),
        Keep.both,
      )
      .run(mat);
    const even = hub.runWith(TestSink.probe<number>(), mat);
    await settle();
    expect(pub.pending).toBe(0);
    const odd = hub.runWith(TestSink.probe<number>(), mat);
    await pub.expectRequest();
    even.request(5);
    odd.request(5);
    pub.sendNext(1, 2, 3, 4).sendComplete();
    await even.expectNext(2, 4);
    await odd.expectNext(1, 3);
    await even.expectComplete();
    await odd.expectComplete();
  });

  it('holds at most bufferSize elements across consumers (counted)', async () => {
    const counter = { pulled: 0 };
    const hub = counted(100, counter).runWith(
      PartitionHub.sink<number>(() => 0, 1, 5),
      mat,
    );
    const sub = hub.runWith(TestSink.probe<number>(), mat);
    await settle();
    expect(counter.pulled).toBeLessThanOrEqual(5 + 1);
    sub.request(3);
    await sub.expectNext(1, 2, 3);
    await settle();
    expect(counter.pulled).toBeLessThanOrEqual(8 + 1);
    sub.request(97);
    expect((await sub.expectNextN(97)).length).toBe(97);
    await sub.expectComplete();
  });

  it('fails naming the stage when the partitioner picks no consumer', async () => {
    const [pub, hub] = TestSource.probe<number>()
      .toMat(
        PartitionHub.sink<number>(() => 3),
        Keep.both,
      )
      .run(mat);
    const sub = hub.runWith(TestSink.probe<number>(), mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    const error = await sub.expectError();
    expect(error).toBeInstanceOf(PartitionOutOfBoundsError);
    expect((error as Error).message).toMatch(/^partitionHub#\d+: cannot route element/);
    await pub.expectCancellation();
  });

  it('fails consumers with upstream', async () => {
    const [pub, hub] = TestSource.probe<number>()
      .toMat(
        PartitionHub.sink<number>(() => 0),
        Keep.both,
      )
      .run(mat);
    const sub = hub.runWith(TestSink.probe<number>(), mat);
    await pub.expectRequest();
    pub.sendError(boom);
    await sub.expectError(boom);
  });

  it('rejects bad settings', () => {
    expect(() => PartitionHub.sink(() => 0, -1)).toThrow(
      'PartitionHub.sink: startAfterNrOfConsumers must be a non-negative integer, got -1',
    );
    expect(() => PartitionHub.sink(() => 0, 0, 0)).toThrow(
      'PartitionHub.sink: bufferSize must be a positive integer, got 0',
    );
  });
});

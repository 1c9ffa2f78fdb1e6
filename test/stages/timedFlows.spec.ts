import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  BufferOverflowError,
  delay,
  dropWithin,
  type Flow,
  initialDelay,
  Keep,
  keepAlive,
  Materializer,
  type NotUsed,
  Sink,
  Source,
  takeWithin,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

function probes<T>(flow: Flow<T, T, NotUsed>) {
  return TestSource.probe<T>().via(flow).toMat(TestSink.probe<T>(), Keep.both).run(mat);
}

describe('initialDelay', () => {
  it('does not pull before the delay, then passes everything', async () => {
    const [pub, sub] = probes(initialDelay<number>(100));
    sub.request(2);
    await settle();
    clock.advance(99);
    await settle();
    expect(pub.pending).toBe(0);
    clock.advance(1);
    await pub.expectRequest();
    pub.sendNext(1).sendComplete();
    await sub.expectNext(1);
    await sub.expectComplete();
    expect(() => initialDelay(-1)).toThrow(/initialDelay: delayMs must be a non-negative number/);
  });
});

describe('takeWithin', () => {
  it('passes elements until the time is up, then completes and cancels upstream', async () => {
    const [pub, sub] = probes(takeWithin<number>(100));
    sub.request(5);
    pub.sendNext(1);
    await sub.expectNext(1);
    clock.advance(100);
    await sub.expectComplete();
    await pub.expectCancellation();
  });

  it('completes early with upstream and fails with it', async () => {
    const [pub, sub] = probes(takeWithin<number>(100));
    pub.sendComplete();
    await sub.expectComplete();
    const [pub2, sub2] = probes(takeWithin<number>(100));
    const error = new TE('up');
    pub2.sendError(error);
    await sub2.expectError(error);
  });
});

describe('dropWithin', () => {
  it('drops what arrives before the time is up', async () => {
    const [pub, sub] = probes(dropWithin<number>(100));
    sub.request(5);
    pub.sendNext(1);
    await settle();
    clock.advance(100);
    pub.sendNext(2).sendComplete();
    await sub.expectNext(2);
    await sub.expectComplete();
    const [pub2, sub2] = probes(dropWithin<number>(100));
    sub2.cancel();
    await pub2.expectCancellation();
  });
});

describe('keepAlive', () => {
  it('injects an element when upstream is idle and downstream waits, never against back-pressure', async () => {
    const [pub, sub] = probes(keepAlive(100, () => 0));
    await settle();
    clock.advance(200);
    await sub.expectNoMessage(0);
    sub.request(1);
    await settle();
    clock.advance(100);
    await sub.expectNext(0);
    sub.request(1);
    pub.sendNext(5);
    await sub.expectNext(5);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('holds an element that answers an earlier pull until downstream asks', async () => {
    const [pub, sub] = probes(keepAlive(100, () => 0));
    sub.request(1);
    await settle();
    clock.advance(100);
    await sub.expectNext(0);
    pub.sendNext(7).sendComplete();
    await settle();
    sub.request(1);
    await sub.expectNext(7);
    await sub.expectComplete();
    expect(() => keepAlive(0, () => 1)).toThrow(/keepAlive: maxIdleMs must be a positive integer/);
  });
});

describe('delay', () => {
  it('holds every element for the delay, keeping order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 10 }), async (xs) => {
        const done = Source.from(xs).delay(50, 'backpressure').runWith(Sink.seq(), mat);
        for (let i = 0; i < xs.length + 2; i++) {
          await settle();
          clock.advance(50);
        }
        expect(await done).toEqual(xs);
      }),
    );
  });

  it('emits nothing before the delay', async () => {
    const [pub, sub] = probes(delay<number>(100));
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('emits the oldest early under emitEarly, and evicts it under dropHead, when full', async () => {
    const small = Attributes.inputBuffer(1, 2);
    const [pub, sub] = probes(delay<number>(100, 'emitEarly').withAttributes(small));
    sub.request(1);
    pub.sendNext(1, 2, 3);
    await sub.expectNext(1);
    sub.request(2);
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext(2, 3);
    pub.sendComplete();
    await sub.expectComplete();

    const [pub2, sub2] = probes(delay<number>(100, 'dropHead').withAttributes(small));
    sub2.request(3);
    pub2.sendNext(1, 2, 3).sendComplete();
    await settle();
    clock.advance(100);
    await sub2.expectNext(2, 3);
    await sub2.expectComplete();
  });

  it('fails with BufferOverflowError when full under fail, and cancels with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(
        delay<number>(100, 'fail').withAttributes(
          (await import('sluice')).Attributes.inputBuffer(1, 2),
        ),
      )
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    pub.sendNext(1, 2, 3);
    expect(await sub.expectError()).toBeInstanceOf(BufferOverflowError);
    const [pub2, sub2] = probes(delay<number>(100));
    sub2.cancel();
    await pub2.expectCancellation();
    expect(() => delay(10, 'nope' as never)).toThrow(/delay: overflowStrategy must be one of/);
  });
});

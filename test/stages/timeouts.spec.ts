import { afterEach, describe, expect, it } from 'vitest';
import {
  backpressureTimeout,
  completionTimeout,
  type Flow,
  idleTimeout,
  initialTimeout,
  Keep,
  Materializer,
  type NotUsed,
  StreamTimeoutError,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

function probes(flow: Flow<number, number, NotUsed>) {
  return TestSource.probe<number>().via(flow).toMat(TestSink.probe<number>(), Keep.both).run(mat);
}

async function expectTimeout(sub: { expectError(): Promise<unknown> }, pattern: RegExp) {
  const error = await sub.expectError();
  expect(error).toBeInstanceOf(StreamTimeoutError);
  expect((error as Error).message).toMatch(pattern);
}

describe('idleTimeout', () => {
  it('fails when no element passes for the timeout, not before', async () => {
    const [pub, sub] = probes(idleTimeout(100));
    sub.request(5);
    await settle();
    clock.advance(80);
    pub.sendNext(1);
    await sub.expectNext(1);
    clock.advance(80);
    await settle();
    clock.advance(40);
    await expectTimeout(sub, /^idleTimeout#2: timed out: no element passed for 100 ms/);
    await pub.expectCancellation();
  });

  it('completes and fails with upstream, cancels with downstream, refuses bad settings', async () => {
    const [pub, sub] = probes(idleTimeout(100));
    pub.sendComplete();
    await sub.expectComplete();
    const [pub2, sub2] = probes(idleTimeout(100));
    const error = new TE('up');
    pub2.sendError(error);
    await sub2.expectError(error);
    const [pub3, sub3] = probes(idleTimeout(100));
    sub3.cancel();
    await pub3.expectCancellation();
    expect(() => idleTimeout(0)).toThrow(
      /idleTimeout: timeoutMs must be a positive integer, got 0/,
    );
  });
});

describe('completionTimeout', () => {
  it('fails when the stream has not completed in time, even while elements flow', async () => {
    const [pub, sub] = probes(completionTimeout(100));
    sub.request(5);
    pub.sendNext(1);
    await sub.expectNext(1);
    clock.advance(100);
    await expectTimeout(sub, /did not complete within 100 ms/);
    await pub.expectCancellation();
  });

  it('lets a stream that completes in time through', async () => {
    const [pub, sub] = probes(completionTimeout(100));
    pub.sendComplete();
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('initialTimeout', () => {
  it('fails when the first element is late, and not after it arrived', async () => {
    const [pub, sub] = probes(initialTimeout(100));
    sub.request(1);
    clock.advance(100);
    await expectTimeout(sub, /first element did not arrive within 100 ms/);
    await pub.expectCancellation();
    const [pub2, sub2] = probes(initialTimeout(100));
    sub2.request(2);
    pub2.sendNext(1);
    await sub2.expectNext(1);
    await sub2.expectNoMessage(500);
    pub2.sendComplete();
    await sub2.expectComplete();
  });
});

describe('backpressureTimeout', () => {
  it('fails when downstream does not pull again in time after an element', async () => {
    const [pub, sub] = probes(backpressureTimeout(100));
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    clock.advance(50);
    await settle();
    clock.advance(60);
    await expectTimeout(sub, /downstream did not pull for 100 ms/);
    await pub.expectCancellation();
  });

  it('does not fail while downstream is waiting for upstream', async () => {
    const [pub, sub] = probes(backpressureTimeout(100));
    sub.request(2);
    pub.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(500);
    pub.sendComplete();
    await sub.expectComplete();
  });
});

import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Source } from 'sluice';
import { ProbeAssertionError, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });

describe('the stream testkit probes', () => {
  it('expectNext, expectNextN and expectComplete follow the stream', async () => {
    const sub = Source.range(1, 5).runWith(TestSink.probe<number>(), mat);
    sub.request(2);
    await sub.expectNext(1, 2);
    await sub.expectNoMessage(100);
    sub.request(3);
    expect(await sub.expectNextN(3)).toEqual([3, 4, 5]);
    await sub.expectComplete();
  });

  it('fails an expectation with a message that says what arrived', async () => {
    const sub = Source.range(1, 2).runWith(TestSink.probe<number>(), mat);
    sub.request(1);
    await expect(sub.expectNext(7)).rejects.toThrow(
      new ProbeAssertionError('TestSink: expected element 7, got element 1'),
    );
  });

  it('sees demand and cancellation through a TestSource', async () => {
    const [pub, sub] = TestSource.probe<string>()
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    sub.request(1);
    expect(await pub.expectRequest()).toBe(1);
    pub.sendNext('a');
    expect(await sub.requestNext()).toBe('a');
    sub.cancel();
    await pub.expectCancellation();
  });

  it('relays errors with sendError and expectError', async () => {
    const boom = new Error('boom');
    const [pub, sub] = TestSource.probe<string>()
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    pub.sendError(boom);
    expect(await sub.expectError(boom)).toBe(boom);
  });

  it('collects a finite stream with toStrict', async () => {
    expect(await Source.from('abc').runWith(TestSink.probe<string>(), mat).toStrict()).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('fails at once when an element is expected that was never requested', async () => {
    const sub = Source.range(1, 3).runWith(TestSink.probe<number>(), mat);
    const t0 = performance.now();
    await expect(sub.expectNext(1)).rejects.toThrow(
      new ProbeAssertionError(
        'TestSink: expected element 1, but nothing was requested; call request(n) first',
      ),
    );
    await expect(sub.expectNextAny()).rejects.toThrow(/but nothing was requested/);
    // The watchdog is 5 s of real time; failing at once takes a few milliseconds.
    expect(performance.now() - t0).toBeLessThan(1_000);
    sub.cancel();
  });

  it('fails at once when every requested element has already been taken', async () => {
    const sub = Source.range(1, 3).runWith(TestSink.probe<number>(), mat);
    sub.request(2);
    await sub.expectNext(1, 2);
    const t0 = performance.now();
    await expect(sub.expectNextN(1)).rejects.toThrow(
      new ProbeAssertionError(
        'TestSink: expected an element, but all 2 requested elements have arrived; call request(n) for more',
      ),
    );
    expect(performance.now() - t0).toBeLessThan(1_000);
    sub.request(1);
    await sub.expectNext(3);
    await sub.expectComplete();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Keep, KillSwitches, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('KillSwitches.single', () => {
  it('passes elements until shutdown, then completes downstream and cancels upstream', async () => {
    const [[pub, kill], sub] = TestSource.probe<number>()
      .viaMat(KillSwitches.single(), Keep.both)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    kill.shutdown();
    await sub.expectComplete();
    await pub.expectCancellation();
  });

  it('fails downstream on abort; only the first call counts', async () => {
    const [[pub, kill], sub] = TestSource.probe<number>()
      .viaMat(KillSwitches.single(), Keep.both)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    const boom = new Error('boom');
    kill.abort(boom);
    kill.shutdown();
    kill.abort(new Error('later'));
    await sub.expectError(boom);
    await pub.expectCancellation();
  });

  it('stops an endless stream', async () => {
    let pulled = 0;
    const [kill, done] = Source.repeat(1)
      .map((x) => {
        pulled++;
        return x;
      })
      .viaMat(KillSwitches.single(), Keep.right)
      .toMat(
        Sink.fold(0, (n: number) => n + 1),
        Keep.both,
      )
      .run(mat);
    // The interpreter yields to the event loop between batches, so the stream is running now.
    await settle();
    expect(pulled).toBeGreaterThan(0);
    kill.shutdown();
    const passed = await done;
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBeLessThanOrEqual(pulled);
    // Upstream was cancelled: nothing more is pulled from the endless source.
    const atShutdown = pulled;
    await settle();
    expect(pulled).toBe(atShutdown);
  });

  it('completes with upstream, fails with upstream, cancels with downstream, backpressures', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(KillSwitches.single())
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendComplete();
    await sub.expectComplete();
    const boom = new Error('boom');
    await expect(
      Source.failed(boom).via(KillSwitches.single()).runWith(Sink.ignore(), mat),
    ).rejects.toBe(boom);
    const [pub2, sub2] = TestSource.probe<number>()
      .via(KillSwitches.single())
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });
});

describe('KillSwitches.shared', () => {
  it('stops every stream it is part of, and those materialized later', async () => {
    const shared = KillSwitches.shared('all');
    const a = Source.repeat(1).via(shared.flow()).runWith(Sink.ignore(), mat);
    const b = Source.repeat(2).via(shared.flow()).runWith(Sink.ignore(), mat);
    await new Promise((r) => setImmediate(r));
    const boom = new Error('boom');
    shared.abort(boom);
    shared.shutdown();
    await expect(a).rejects.toBe(boom);
    await expect(b).rejects.toBe(boom);
    await expect(Source.repeat(3).via(shared.flow()).runWith(Sink.ignore(), mat)).rejects.toBe(
      boom,
    );
    expect(shared.name).toBe('all');
  });

  it('materializes to the switch itself and completes on shutdown', async () => {
    const shared = KillSwitches.shared('s');
    const [kill, done] = Source.repeat(1)
      .viaMat(shared.flow(), Keep.right)
      .toMat(Sink.ignore(), Keep.both)
      .run(mat);
    expect(kill).toBe(shared);
    kill.shutdown();
    await done;
  });
});

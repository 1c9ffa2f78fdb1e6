import { afterEach, describe, expect, it } from 'vitest';
import { Flow, Keep, Materializer, recover, recoverWithRetries, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import {
  boom,
  expectFailureBecomes,
  expectPassThroughLifecycle,
  throwing,
} from './errorHandling.js';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('recover', () => {
  it('passes elements, then turns a failure into one last element', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .recover(() => -1)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendError(boom);
    await sub.expectNoMessage(10);
    sub.request(1);
    await sub.expectNext(-1);
    await sub.expectComplete();
  });

  it('fails with the error when f does not handle it, or with what f threw', async () => {
    await expectFailureBecomes(
      recover<number>(() => undefined),
      boom,
      mat,
    );
    const other = new Error('other');
    await expectFailureBecomes(recover<number>(throwing(other)), other, mat);
  });

  it('completes with upstream, cancels with downstream, backpressures', async () => {
    await expectPassThroughLifecycle(() => recover(() => 0), mat);
    await expectPassThroughLifecycle(() => Flow.create<number>().recover(() => 0), mat);
  });

  it('rejects a non-function', () => {
    expect(() => recover(1 as never)).toThrow('recover: f must be a function, got number');
  });
});

describe('mapError', () => {
  it('replaces the error and passes elements', async () => {
    const wrapped = new Error('wrapped');
    await expect(
      Source.from([1])
        .concat(Source.failed(boom))
        .mapError(() => wrapped)
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(wrapped);
    expect(
      await Source.from([1, 2])
        .mapError(() => wrapped)
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 2]);
  });

  it('completes with upstream, cancels with downstream, backpressures', async () => {
    await expectPassThroughLifecycle(() => Flow.create<number>().mapError((e) => e), mat);
  });

  it('fails with what f threw', async () => {
    const other = new Error('other');
    await expectFailureBecomes(Flow.create<number>().mapError(throwing(other)), other, mat);
  });
});

describe('recoverWithRetries', () => {
  it('switches to the alternative source on failure', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .recoverWithRetries(1, () => Source.from([10, 11]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(3);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendError(boom);
    await sub.expectNext(10, 11);
    await sub.expectComplete();
  });

  it('retries at most `attempts` times, then fails', async () => {
    let made = 0;
    const failing = (): Source<number, unknown> => {
      made++;
      return Source.single(made).concat(Source.failed(boom));
    };
    await expect(
      Source.failed<number>(boom).recoverWithRetries(3, failing).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(made).toBe(3);
    made = 0;
    await expect(
      Source.failed<number>(boom).recoverWithRetries(0, failing).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(made).toBe(0);
  });

  it('retries without limit with recoverWith', async () => {
    let made = 0;
    const out = await Source.failed<number>(boom)
      .recoverWith(() => {
        made++;
        return made < 5 ? Source.failed<number>(boom) : Source.single(made);
      })
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([5]);
  });

  it('fails when f does not handle the error, or with what f threw', async () => {
    await expectFailureBecomes(
      recoverWithRetries(2, () => undefined),
      boom,
      mat,
    );
    const other = new Error('other');
    await expectFailureBecomes(recoverWithRetries(2, throwing(other)), other, mat);
  });

  it('backpressures the alternative source and cancels it with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .recoverWithRetries(1, () => Source.from([10, 11, 12]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendError(boom);
    await sub.expectNext(10);
    await sub.expectNoMessage(10);
    sub.cancel();
    await sub.expectNoMessage(10);
  });

  it('completes with upstream when no failure happens, cancels with downstream', async () => {
    expect(
      await Source.from([1, 2])
        .recoverWithRetries(1, () => Source.single(9))
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 2]);
    await expectPassThroughLifecycle(() => recoverWithRetries(1, () => Source.single(9)), mat);
  });

  it('rejects bad settings', () => {
    expect(() => recoverWithRetries(-2, () => undefined)).toThrow(
      'recoverWithRetries: attempts must be an integer >= -1, got -2',
    );
    expect(() => recoverWithRetries(1, 2 as never)).toThrow(
      'recoverWithRetries: f must be a function, got number',
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  Flow,
  Keep,
  Materializer,
  onErrorComplete,
  onErrorContinueDecider,
  onErrorResume,
  Sink,
  Source,
  Supervision,
} from 'sluice';
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

class Recoverable extends Error {}

describe('onErrorComplete', () => {
  it('passes elements, then completes on a failure', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .onErrorComplete()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendError(boom);
    await sub.expectComplete();
  });

  it('fails on an error the predicate rejects, or with what the predicate threw', async () => {
    const kept = await Source.from([1, 2])
      .concat(Source.failed(new Recoverable('r')))
      .onErrorComplete((e) => e instanceof Recoverable)
      .runWith(Sink.seq(), mat);
    expect(kept).toEqual([1, 2]);
    await expectFailureBecomes(
      onErrorComplete((e) => e instanceof Recoverable),
      boom,
      mat,
    );
    const other = new Error('other');
    await expectFailureBecomes(onErrorComplete(throwing(other)), other, mat);
  });

  it('completes with upstream, cancels with downstream, backpressures', async () => {
    await expectPassThroughLifecycle(() => onErrorComplete<number>(), mat);
    await expectPassThroughLifecycle(() => Flow.create<number>().onErrorComplete(), mat);
  });

  it('rejects a non-function predicate', () => {
    expect(() => onErrorComplete(1 as never)).toThrow(
      'onErrorComplete: predicate must be a function, got number',
    );
  });
});

describe('onErrorResume', () => {
  it('switches once to the fallback source', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .onErrorResume(() => Source.from([10, 11]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(3);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendError(boom);
    await sub.expectNext(10, 11);
    await sub.expectComplete();
  });

  it('fails when the fallback fails, or when f does not handle the error', async () => {
    const second = new Error('second');
    let made = 0;
    await expect(
      Source.failed<number>(boom)
        .onErrorResume(() => {
          made++;
          return Source.single(1).concat(Source.failed(second));
        })
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(second);
    expect(made).toBe(1);
    await expectFailureBecomes(
      onErrorResume(() => undefined),
      boom,
      mat,
    );
    const other = new Error('other');
    await expectFailureBecomes(onErrorResume(throwing(other)), other, mat);
  });

  it('backpressures the fallback and cancels it with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .onErrorResume(() => Source.repeat(7))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    pub.sendError(boom);
    await sub.expectNoMessage(10);
    sub.request(2);
    await sub.expectNext(7, 7);
    await sub.expectNoMessage(10);
    sub.cancel();
  });

  it('completes with upstream, cancels upstream with downstream, backpressures', async () => {
    await expectPassThroughLifecycle(() => onErrorResume<number>(() => Source.empty()), mat);
  });

  it('rejects a non-function', () => {
    expect(() => onErrorResume(1 as never)).toThrow(
      'onErrorResume: f must be a function, got number',
    );
  });
});

describe('onErrorContinue', () => {
  it('drops the failing element, reports the error and goes on', async () => {
    const seen: unknown[] = [];
    const out = await Source.from([1, 2, 3, 4])
      .map((x) => {
        if (x % 2 === 0) throw new Recoverable(String(x));
        return x * 10;
      })
      .onErrorContinue((e) => seen.push((e as Error).message))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([10, 30]);
    expect(seen).toEqual(['2', '4']);
  });

  it('stops on an error the predicate rejects', async () => {
    const seen: unknown[] = [];
    await expect(
      Source.from([1, 2, 3])
        .map((x) => {
          if (x === 2) throw boom;
          return x;
        })
        .onErrorContinue(
          (e) => e instanceof Recoverable,
          (e) => seen.push(e),
        )
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(seen).toEqual([]);
  });

  it('an inner supervision strategy wins; upstream failures still fail', async () => {
    await expect(
      Source.from([1, 2])
        .map((x) => {
          if (x === 2) throw boom;
          return x;
        })
        .withAttributes(Attributes.supervisionStrategy(Supervision.stoppingDecider))
        .onErrorContinue(() => undefined)
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expectFailureBecomes(
      Flow.create<number>().onErrorContinue(() => undefined),
      boom,
      mat,
    );
  });

  it('backpressures and cancels like the operators it wraps', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .map((x) => x + 1)
      .onErrorContinue(() => undefined)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(2);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('rejects non-functions', () => {
    expect(() => onErrorContinueDecider(1 as never, () => undefined)).toThrow(
      'onErrorContinue: predicate must be a function, got number',
    );
    expect(() => Source.single(1).onErrorContinue(2 as never)).toThrow(
      'onErrorContinue: onError must be a function, got number',
    );
  });
});

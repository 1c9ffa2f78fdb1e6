import { afterEach, describe, expect, it } from 'vitest';
import {
  type Cancellable,
  type Clock,
  Keep,
  Materializer,
  RestartSource,
  Sink,
  Source,
  StreamTimeoutError,
} from 'sluice';
import { assertAllStagesStopped, TestSink } from 'sluice/testkit';

// The timed operators' key cases on real time, a few milliseconds each. The virtual clock fires a
// timer exactly at its due time; a real timer may fire a fraction of a millisecond early (Node
// counts whole milliseconds, `performance.now()` does not), which only these runs can show.
const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/**
 * Resolves with `promise`, or fails naming `what` when it has not settled after `ms` of real time:
 * a watchdog for the hang these tests look for, so a hang fails by name instead of by test timeout.
 */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} did not settle within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `start` and answers what it resolved with and how long (real ms) it took. */
async function timed<T>(what: string, start: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await within(2_000, what, start());
  return [value, performance.now() - t0];
}

/** A clock that fires every timer 1 ms early, as a sloppy timer service might. */
class EarlyClock implements Clock {
  now(): number {
    return performance.now();
  }
  schedule(delayMs: number, task: () => void): Cancellable {
    let isCancelled = false;
    const handle = setTimeout(task, Math.max(0, delayMs - 1));
    return {
      get isCancelled() {
        return isCancelled;
      },
      cancel() {
        if (isCancelled) return false;
        isCancelled = true;
        clearTimeout(handle);
        return true;
      },
    };
  }
}

describe('timed operators on the real clock', () => {
  it('delay settles in every one of 200 runs', async () => {
    for (let run = 0; run < 200; run++) {
      const got = await within(
        1_000,
        `run ${run} of Source.range(1, 3).delay(2)`,
        Source.range(1, 3).delay(2).runWith(Sink.seq(), mat),
      );
      expect(got).toEqual([1, 2, 3]);
    }
  });

  it('delay never emits before the delay has passed on the clock', async () => {
    const t0 = performance.now();
    const emittedAt = await within(
      1_000,
      'delay(5)',
      Source.range(1, 3)
        .delay(5)
        .map(() => performance.now() - t0)
        .runWith(Sink.seq(), mat),
    );
    for (const at of emittedAt) expect(at).toBeGreaterThanOrEqual(5);
  });

  it('timers re-arm when a clock fires them early, so no stage waits forever', async () => {
    const early = new Materializer({ clock: new EarlyClock() });
    for (let run = 0; run < 20; run++) {
      const got = await within(
        1_000,
        `run ${run} of delay(3) on a clock that fires early`,
        Source.range(1, 3).delay(3).runWith(Sink.seq(), early),
      );
      expect(got).toEqual([1, 2, 3]);
    }
    const t0 = performance.now();
    await within(
      1_000,
      'initialDelay(4)',
      Source.single(1).initialDelay(4).runWith(Sink.seq(), early),
    );
    expect(performance.now() - t0).toBeGreaterThanOrEqual(4);
    assertAllStagesStopped(early);
  });

  it('throttle spaces elements at its rate', async () => {
    const [got, ms] = await timed('throttle(1, 2)', () =>
      Source.range(1, 4).throttle(1, 2, { maximumBurst: 1 }).runWith(Sink.seq(), mat),
    );
    expect(got).toEqual([1, 2, 3, 4]);
    // The bucket starts full: the first element passes at once, each later one waits 2 ms.
    expect(ms).toBeGreaterThanOrEqual(6);
  });

  it('groupedWithin emits a partial group when its interval ends', async () => {
    const [got, ms] = await timed('groupedWithin(10, 3)', () =>
      Source.from([1, 2])
        .concat(Source.never<number>())
        .groupedWithin(10, 3)
        .take(1)
        .runWith(Sink.seq(), mat),
    );
    expect(got).toEqual([[1, 2]]);
    expect(ms).toBeGreaterThanOrEqual(3);
  });

  it('takeWithin completes and dropWithin starts passing after their durations', async () => {
    const [taken, takeMs] = await timed('takeWithin(3)', () =>
      Source.never<number>().takeWithin(3).runWith(Sink.seq(), mat),
    );
    expect(taken).toEqual([]);
    expect(takeMs).toBeGreaterThanOrEqual(3);
    const [kept] = await timed('dropWithin(3)', () =>
      Source.tick(0, 1, 7).dropWithin(3).take(2).runWith(Sink.seq(), mat),
    );
    expect(kept).toEqual([7, 7]);
  });

  it('initialDelay holds the first element for its delay', async () => {
    const [got, ms] = await timed('initialDelay(3)', () =>
      Source.range(1, 3).initialDelay(3).runWith(Sink.seq(), mat),
    );
    expect(got).toEqual([1, 2, 3]);
    expect(ms).toBeGreaterThanOrEqual(3);
  });

  it('idle, completion and initial timeouts fail a silent stream after their timeout', async () => {
    for (const [name, flow] of [
      ['idleTimeout', Source.never<number>().idleTimeout(3)],
      ['completionTimeout', Source.never<number>().completionTimeout(3)],
      ['initialTimeout', Source.never<number>().initialTimeout(3)],
    ] as const) {
      const t0 = performance.now();
      const error = await within(
        1_000,
        name,
        flow.runWith(Sink.seq(), mat).then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      expect(error, name).toBeInstanceOf(StreamTimeoutError);
      expect(performance.now() - t0, name).toBeGreaterThanOrEqual(3);
    }
  });

  it('backpressureTimeout fails when downstream stops asking', async () => {
    const probe = Source.repeat(1).backpressureTimeout(3).runWith(TestSink.probe<number>(), mat);
    probe.request(1);
    await probe.expectNext(1);
    expect(await within(1_000, 'backpressureTimeout(3)', probe.expectError())).toBeInstanceOf(
      StreamTimeoutError,
    );
  });

  it('Source.tick emits at its interval until cancelled', async () => {
    const [cancellable, probe] = Source.tick(1, 1, 'tick')
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    probe.request(3);
    expect(await within(1_000, 'Source.tick(1, 1)', probe.expectNextN(3))).toEqual([
      'tick',
      'tick',
      'tick',
    ]);
    expect(cancellable.cancel()).toBe(true);
    await probe.expectComplete();
  });

  it('keepAlive injects elements into a silent stream', async () => {
    const [got] = await timed('keepAlive(2)', () =>
      Source.never<number>()
        .keepAlive(2, () => 0)
        .take(2)
        .runWith(Sink.seq(), mat),
    );
    expect(got).toEqual([0, 0]);
  });

  it('RestartSource backs off between restarts', async () => {
    let starts = 0;
    const [got, ms] = await timed('RestartSource.withBackoff', () =>
      RestartSource.withBackoff({ minBackoffMs: 2, maxBackoffMs: 4, randomFactor: 0 }, () => {
        starts++;
        return Source.single(starts);
      })
        .take(3)
        .runWith(Sink.seq(), mat),
    );
    expect(got).toEqual([1, 2, 3]);
    // Two restarts, backing off 2 ms then 4 ms.
    expect(ms).toBeGreaterThanOrEqual(6);
  });
});

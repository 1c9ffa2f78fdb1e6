import { afterEach, describe, expect, it } from 'vitest';
import {
  Flow,
  Keep,
  Materializer,
  RestartFlow,
  RestartSink,
  RestartSource,
  Sink,
  Source,
} from 'sluice';
import {
  assertAllStagesStopped,
  settle,
  TestSink,
  type TestSinkProbe,
  TestSource,
  type TestSourceProbe,
  VirtualClock,
} from 'sluice/testkit';
import { resilientReadings } from '../../examples/operators/restartSource.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');
const settings = { minBackoffMs: 100, maxBackoffMs: 400, randomFactor: 0 };

/** Expects nothing until the last millisecond of `ms`, then lets that millisecond pass. */
async function backoffPasses(sub: TestSinkProbe<unknown>, ms: number): Promise<void> {
  await sub.expectNoMessage(ms - 1);
  clock.advance(1);
  await settle();
}

/** A factory of probe sources that hands each materialized probe to the test. */
function probeFactory<T>(): [() => Source<T, unknown>, TestSourceProbe<T>[]] {
  const probes: TestSourceProbe<T>[] = [];
  return [
    () =>
      TestSource.probe<T>().mapMaterializedValue((p) => {
        probes.push(p);
        return p;
      }),
    probes,
  ];
}

describe('RestartSource.withBackoff', () => {
  it('restarts after completion, doubling the backoff up to the maximum', async () => {
    let made = 0;
    const sub = RestartSource.withBackoff(settings, () => {
      made++;
      return Source.single(made);
    }).runWith(TestSink.probe<number>(), mat);
    sub.request(10);
    await sub.expectNext(1);
    await backoffPasses(sub, 100);
    await sub.expectNext(2);
    await backoffPasses(sub, 200);
    await sub.expectNext(3);
    await backoffPasses(sub, 400);
    await sub.expectNext(4);
    // Capped at maxBackoffMs.
    await backoffPasses(sub, 400);
    await sub.expectNext(5);
    sub.cancel();
    await settle();
  });

  it('restarts after a failure, and fails once maxRestarts is reached', async () => {
    let made = 0;
    const sub = RestartSource.withBackoff({ ...settings, maxRestarts: 2 }, () => {
      made++;
      return Source.single(made).concat(Source.failed<number>(boom));
    }).runWith(TestSink.probe<number>(), mat);
    sub.request(10);
    await sub.expectNext(1);
    await backoffPasses(sub, 100);
    await sub.expectNext(2);
    await backoffPasses(sub, 200);
    await sub.expectNext(3);
    await sub.expectError(boom);
    expect(made).toBe(3);
  });

  it('fails at once on a failure restartOn does not accept', async () => {
    const other = new Error('other');
    let made = 0;
    const result = RestartSource.withBackoff({ ...settings, restartOn: (e) => e === boom }, () => {
      made++;
      return Source.failed<number>(made === 1 ? boom : other);
    }).runWith(Sink.seq(), mat);
    clock.advance(100);
    await expect(result).rejects.toBe(other);
    expect(made).toBe(2);
  });

  it('completes once maxRestarts is reached after a completion', async () => {
    const sub = RestartSource.withBackoff({ ...settings, maxRestarts: 1 }, () =>
      Source.single(1),
    ).runWith(TestSink.probe<number>(), mat);
    sub.request(10);
    await sub.expectNext(1);
    await backoffPasses(sub, 100);
    await sub.expectNext(1);
    await sub.expectComplete();
  });

  it('resets the restart count after maxRestartsWithinMs', async () => {
    const sub = RestartSource.withBackoff(
      { ...settings, maxRestarts: 1, maxRestartsWithinMs: 1_000 },
      () => Source.single(1),
    ).runWith(TestSink.probe<number>(), mat);
    sub.request(10);
    await sub.expectNext(1);
    await backoffPasses(sub, 100);
    await sub.expectNext(1);
    sub.cancel();
    await settle();
    // A fresh materialization after a long pause: the window of the first one does not matter.
    const [factory, probes] = probeFactory<number>();
    const sub2 = RestartSource.withBackoff(
      { ...settings, maxRestarts: 1, maxRestartsWithinMs: 50 },
      factory,
    ).runWith(TestSink.probe<number>(), mat);
    sub2.request(10);
    await settle();
    probes[0]!.sendComplete();
    await sub2.expectNoMessage(100);
    // The window (50 ms) has passed since the first restart: the count starts again.
    clock.advance(100);
    probes[1]!.sendComplete();
    await sub2.expectNoMessage(100);
    expect(probes.length).toBe(3);
    probes[2]!.sendComplete();
    await sub2.expectNoMessage(100);
    expect(probes.length).toBe(4);
    sub2.cancel();
    await settle();
  });

  it('restarts only on failure with onFailuresWithBackoff', async () => {
    const [factory, probes] = probeFactory<number>();
    const sub = RestartSource.onFailuresWithBackoff(settings, factory).runWith(
      TestSink.probe<number>(),
      mat,
    );
    sub.request(1);
    await settle();
    probes[0]!.sendError(boom);
    await sub.expectNoMessage(100);
    expect(probes.length).toBe(2);
    probes[1]!.sendNext(7);
    await sub.expectNext(7);
    probes[1]!.sendComplete();
    await sub.expectComplete();
  });

  it('backpressures the inner source, and cancels it when downstream cancels', async () => {
    const [factory, probes] = probeFactory<number>();
    const sub = RestartSource.withBackoff(settings, factory).runWith(TestSink.probe<number>(), mat);
    await settle();
    expect(probes[0]!.pending).toBe(0);
    sub.request(1);
    await probes[0]!.expectRequest();
    probes[0]!.sendNext(1);
    await sub.expectNext(1);
    sub.cancel();
    await probes[0]!.expectCancellation();
  });

  it('cancels a pending restart timer when downstream cancels during the backoff', async () => {
    const sub = RestartSource.withBackoff(settings, () => Source.empty<number>()).runWith(
      TestSink.probe<number>(),
      mat,
    );
    await settle();
    expect(clock.pendingTimers).toBe(1);
    sub.cancel();
    await settle();
  });

  it('rejects bad settings', () => {
    expect(() =>
      RestartSource.withBackoff({ ...settings, minBackoffMs: -1 }, () => Source.empty()),
    ).toThrow('RestartSource.withBackoff: minBackoffMs must be a non-negative number');
    expect(() =>
      RestartSource.withBackoff({ ...settings, maxBackoffMs: 50 }, () => Source.empty()),
    ).toThrow('RestartSource.withBackoff: maxBackoffMs must be >= minBackoffMs (100), got 50');
    expect(() =>
      RestartSource.withBackoff({ ...settings, randomFactor: -1 }, () => Source.empty()),
    ).toThrow('RestartSource.withBackoff: randomFactor must be a finite number >= 0, got -1');
    expect(() =>
      RestartSource.onFailuresWithBackoff({ ...settings, maxRestarts: 1.5 }, () => Source.empty()),
    ).toThrow('RestartSource.onFailuresWithBackoff: maxRestarts must be a non-negative integer');
    expect(() => RestartSource.withBackoff(settings, 1 as never)).toThrow(
      'RestartSource.withBackoff: factory must be a function, got number',
    );
  });
});

describe('RestartFlow.withBackoff', () => {
  it('runs elements through the inner flow and restarts it after a failure', async () => {
    let made = 0;
    const [pub, sub] = TestSource.probe<number>()
      .via(
        RestartFlow.withBackoff(settings, () => {
          made++;
          return Flow.create<number>().map((x) => {
            if (x < 0) throw boom;
            return x * 10;
          });
        }),
      )
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(10);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(10);
    await pub.expectRequest();
    pub.sendNext(-1);
    await sub.expectNoMessage(50);
    expect(made).toBe(1);
    await sub.expectNoMessage(50);
    expect(made).toBe(2);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(20);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('completes when the inner flow completes with onFailuresWithBackoff', async () => {
    const out = await Source.from([1, 2, 3])
      .via(RestartFlow.onFailuresWithBackoff(settings, () => Flow.create<number>().take(2)))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2]);
  });

  it('fails once maxRestarts is reached, cancels with downstream', async () => {
    const failing = RestartFlow.withBackoff({ ...settings, maxRestarts: 0 }, () =>
      Flow.create<number>().map((): number => {
        throw boom;
      }),
    );
    await expect(Source.from([1, 2]).via(failing).runWith(Sink.seq(), mat)).rejects.toBe(boom);
    const [pub, sub] = TestSource.probe<number>()
      .via(RestartFlow.withBackoff(settings, () => Flow.create<number>()))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    sub.cancel();
    await pub.expectCancellation();
    await settle();
  });

  it('backpressures upstream while downstream does not pull', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(RestartFlow.withBackoff(settings, () => Flow.create<number>()))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    // The inner flow's source pulls one element ahead at most.
    expect(pub.pending).toBeLessThanOrEqual(1);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(5);
    await sub.expectNext(5);
    pub.sendComplete();
    await sub.expectComplete();
  });
});

describe('RestartSink.withBackoff', () => {
  it('restarts the sink after it cancels, and completes it with upstream', async () => {
    const seen: number[][] = [];
    let made = 0;
    const pub = TestSource.probe<number>()
      .to(
        RestartSink.withBackoff(settings, () => {
          const mine: number[] = [];
          seen.push(mine);
          made++;
          return Flow.create<number>()
            .take(2)
            .to(Sink.foreach((x: number) => mine.push(x)));
        }),
      )
      .run(mat);
    pub.sendNext(1, 2, 3);
    await settle();
    expect(seen).toEqual([[1, 2]]);
    clock.advance(100);
    await settle();
    expect(made).toBe(2);
    expect(seen).toEqual([[1, 2], [3]]);
    pub.sendComplete();
    await settle();
  });

  it('fails the inner sink with upstream and stops after maxRestarts', async () => {
    let failed: unknown;
    const pub = TestSource.probe<number>()
      .to(
        RestartSink.withBackoff({ ...settings, maxRestarts: 0 }, () =>
          Sink.foreach<number>(() => undefined).mapMaterializedValue((done) => {
            done.catch((e: unknown) => (failed = e));
            return done;
          }),
        ),
      )
      .run(mat);
    pub.sendError(boom);
    await settle();
    expect(failed).toBe(boom);
    const pub2 = TestSource.probe<number>()
      .to(
        RestartSink.withBackoff({ ...settings, maxRestarts: 0 }, () =>
          Flow.create<number>().take(0).to(Sink.ignore()),
        ),
      )
      .run(mat);
    await pub2.expectCancellation();
  });

  it('backpressures upstream while the inner sink does', async () => {
    const pub = TestSource.probe<number>()
      .to(RestartSink.withBackoff(settings, () => TestSink.probe<number>()))
      .run(mat);
    await settle();
    expect(pub.pending).toBe(0);
    pub.sendComplete();
    await settle();
  });
});

describe('the restartSource example', () => {
  it('keeps reading across dropped connections, then gives up', async () => {
    const sub = resilientReadings(2).runWith(TestSink.probe<string>(), mat);
    sub.request(10);
    await sub.expectNext('connection 1: reading 1', 'connection 1: reading 2');
    await backoffPasses(sub, 10);
    await sub.expectNext('connection 2: reading 1', 'connection 2: reading 2');
    await backoffPasses(sub, 20);
    await sub.expectNext('connection 3: reading 1', 'connection 3: reading 2');
    expect(((await sub.expectError()) as Error).message).toBe('connection 3 dropped');
  });
});

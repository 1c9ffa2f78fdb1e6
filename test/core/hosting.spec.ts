import { afterEach, describe, expect, it } from 'vitest';
import {
  AbruptTerminationError,
  Flow,
  Keep,
  Materializer,
  PortMisuseError,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, TestSink, VirtualClock } from 'sluice/testkit';
import { ClassicMap } from './classicMap.js';
import {
  asyncMap,
  classicFilter,
  classicTake,
  Lifecycle,
  pushTwice,
  reverseAtEnd,
  timedEcho,
} from './hostedStages.js';

// A classic stage between fusable stages, in a stream from a fusable source to a fusable sink,
// runs as a step of the fused chain (HostedStep.ts). Every case runs hosted and on its own
// (`hostClassicStages: false`) and expects the same.

const clock = new VirtualClock();
const errors: string[] = [];
const settings = (hostClassicStages: boolean): Materializer =>
  new Materializer({
    clock,
    hostClassicStages,
    log: { debug: () => undefined, error: (message) => errors.push(message) },
  });
const hosted = settings(true);
const alone = settings(false);
const both = [hosted, alone] as const;

afterEach(() => {
  errors.length = 0;
  for (const mat of both) assertAllStagesStopped(mat);
});

const classic = (f: (x: number) => number): Flow<number, number, unknown> =>
  Flow.fromGraph(new ClassicMap(f));

/** Runs `make` on both materializers: the outcome (value or error message) of each. */
async function eachWay<T>(make: (mat: Materializer) => Promise<T>): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (const mat of both) {
    outcomes.push(
      await make(mat).then(
        (value) => ({ value }),
        (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
      ),
    );
  }
  return outcomes;
}

/**
 * Runs `source`, a {@link Lifecycle} stage, then `after` into `Sink.seq()`: what came out (or how it
 * failed) and what the stage saw.
 */
async function watched(
  source: Source<number, unknown>,
  after: Flow<number, number, unknown>,
  mat: Materializer,
): Promise<{ outcome: unknown; events: string[] }> {
  const [log, seq] = source
    .viaMat(Flow.fromGraph(new Lifecycle()), Keep.right)
    .via(after)
    .toMat(Sink.seq(), Keep.both)
    .run(mat);
  const outcome = await seq.then(
    (xs) => xs,
    (error: unknown) => `failed: ${String(error)}`,
  );
  return { outcome, events: log.events };
}

const pass = Flow.create<number>();

const failAt3 = (x: number): number => {
  if (x === 3) throw new Error('three');
  return x;
};

describe('classic stages hosted in a fused chain', () => {
  it('are hosted only between a fusable source and a fusable sink', async () => {
    const boom = (x: number): number => {
      if (x === 2) throw new Error('boom');
      return x;
    };
    // A step after the classic stage throws: the chain that fails names every stage it holds.
    await expect(
      Source.range(1, 3)
        .via(classic((x) => x))
        .map(boom)
        .runWith(Sink.seq(), hosted),
    ).rejects.toThrow('boom');
    expect(errors).toEqual(['Error in stage range#1+classicMap#2+map#3+seq#4']);
    errors.length = 0;
    await expect(
      Source.range(1, 3)
        .via(classic((x) => x))
        .map(boom)
        .runWith(Sink.seq(), alone),
    ).rejects.toThrow('boom');
    expect(errors).toEqual(['Error in stage map#3+seq#4']);
    errors.length = 0;
    // Into a classic sink the stage runs on its own.
    const probe = Source.range(1, 3)
      .via(classic((x) => x))
      .map(boom)
      .runWith(TestSink.probe<number>(), hosted);
    probe.request(3);
    await probe.expectNext(1);
    await probe.expectError();
    expect(errors).toEqual(['Error in stage map#3']);
  });

  it('map, filter and chain with fusable stages in any order', async () => {
    const outcomes = await eachWay((mat) =>
      Source.range(1, 1000)
        .via(classic((x) => x * 3))
        .filter((x) => x % 2 === 0)
        .via(Flow.fromGraph(classicFilter((x) => x % 4 === 0)))
        .via(classic((x) => x + 1))
        .via(classic((x) => x - 1))
        .map((x) => x / 12)
        .runWith(
          Sink.fold(0, (a: number, x: number) => a + x),
          mat,
        ),
    );
    expect(outcomes[0]).toEqual({ value: (250 * 251) / 2 });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('keep an expansion on either side in order', async () => {
    const outcomes = await eachWay((mat) =>
      Source.range(1, 4)
        .mapConcat((x) => [x, x])
        .via(classic((x) => x * 10))
        .mapConcat((x) => [x, x + 1])
        .runWith(Sink.seq(), mat),
    );
    expect(outcomes[0]).toEqual({
      value: [10, 11, 10, 11, 20, 21, 20, 21, 30, 31, 30, 31, 40, 41, 40, 41],
    });
    expect(outcomes[1]).toEqual(outcomes[0]);
    // Between two hosted stages, and on either side of them: each element crosses both in a burst
    // until an expansion starts, which goes where it is in the chain.
    const between = await eachWay((mat) =>
      Source.range(1, 300)
        .mapConcat((x) => (x % 50 === 0 ? [x, -x] : [x]))
        .via(classic((x) => x * 10))
        .mapConcat((x) => (x % 70 === 0 ? [x, x + 1] : [x]))
        .via(classic((x) => x + 3))
        .mapConcat((x) => (x % 90 === 3 ? [x, 0] : [x]))
        .runWith(Sink.seq(), mat),
    );
    const expected = Array.from({ length: 300 }, (_, i) => i + 1)
      .flatMap((x) => (x % 50 === 0 ? [x, -x] : [x]))
      .map((x) => x * 10)
      .flatMap((x) => (x % 70 === 0 ? [x, x + 1] : [x]))
      .map((x) => x + 3)
      .flatMap((x) => (x % 90 === 3 ? [x, 0] : [x]));
    expect(between[0]).toEqual({ value: expected });
    expect(between[1]).toEqual(between[0]);
  });

  it('emit what they hold at the end, after a step upstream cancelled', async () => {
    const outcomes = await eachWay((mat) =>
      Source.repeat(1)
        .scan(0, (a: number) => a + 1)
        .take(5)
        .via(Flow.fromGraph(reverseAtEnd()))
        .runWith(Sink.seq(), mat),
    );
    expect(outcomes[0]).toEqual({ value: [4, 3, 2, 1, 0] });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('cancel an endless source when they complete, and stop', async () => {
    const outcomes = await eachWay((mat) =>
      watched(Source.repeat(7), Flow.fromGraph(classicTake(3)), mat),
    );
    expect(outcomes[0]).toEqual({
      value: {
        outcome: [7, 7, 7],
        events: ['preStart', 'push 7', 'push 7', 'push 7', 'downstreamFinish', 'postStop'],
      },
    });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('see a step downstream end the stream as a cancel, and stop', async () => {
    const outcomes = await eachWay((mat) => watched(Source.range(1, 10), pass.take(2), mat));
    expect(outcomes[0]).toEqual({
      value: {
        outcome: [1, 2],
        events: ['preStart', 'push 1', 'push 2', 'downstreamFinish', 'postStop'],
      },
    });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('see a step upstream fail as their upstream failing, and may recover', async () => {
    const recovered = await eachWay((mat) =>
      Source.range(1, 5)
        .map(failAt3)
        .recover(() => -1)
        .map((x) => x * 2)
        .runWith(Sink.seq(), mat),
    );
    expect(recovered[0]).toEqual({ value: [2, 4, -2] });
    expect(recovered[1]).toEqual(recovered[0]);
    const failed = await eachWay((mat) => watched(Source.range(1, 5).map(failAt3), pass, mat));
    expect(failed[0]).toEqual({
      value: {
        outcome: 'failed: Error: three',
        events: ['preStart', 'push 1', 'push 2', 'upstreamFailure Error: three', 'postStop'],
      },
    });
    expect(failed[1]).toEqual(failed[0]);
  });

  it('pass a failure on to a hosted stage downstream, which may recover', async () => {
    const throwAt2 = classic((x) => {
      if (x === 2) throw new Error('two');
      return x;
    });
    // The classic stage that throws fails; the classic recover behind it (and a fusable step
    // between them) sees its upstream fail, and the classic stage before it is cancelled.
    const outcomes = await eachWay((mat) =>
      watched(
        Source.range(1, 5),
        throwAt2.map((x) => x * 10).recover(() => -1),
        mat,
      ),
    );
    expect(outcomes[0]).toEqual({
      value: {
        outcome: [10, -1],
        events: ['preStart', 'push 1', 'push 2', 'downstreamFinish', 'postStop'],
      },
    });
    expect(outcomes[1]).toEqual(outcomes[0]);
    // A fusable step between two hosted stages throws: the one after it sees its upstream fail.
    const between = await eachWay((mat) =>
      watched(
        Source.range(1, 5)
          .via(classic((x) => x))
          .map(failAt3),
        pass,
        mat,
      ),
    );
    expect(between[0]).toEqual({
      value: {
        outcome: 'failed: Error: three',
        events: ['preStart', 'push 1', 'push 2', 'upstreamFailure Error: three', 'postStop'],
      },
    });
    expect(between[1]).toEqual(between[0]);
  });

  it('fail the stream when their handler throws, and when they break a port rule', async () => {
    const thrown = await eachWay((mat) =>
      Source.range(1, 5)
        .via(
          classic((x) => {
            if (x === 2) throw new Error('two');
            return x;
          }),
        )
        .runWith(Sink.seq(), mat),
    );
    expect(thrown[0]).toEqual({ error: 'two' });
    expect(thrown[1]).toEqual(thrown[0]);
    const misuse = await eachWay((mat) =>
      Source.range(1, 5).via(Flow.fromGraph(pushTwice())).runWith(Sink.seq(), mat),
    );
    expect(misuse[0]).toEqual({
      error:
        "pushTwice#2: cannot push to port 'pushTwice.out': it has not been pulled (push twice, or push before pull)",
    });
    expect(misuse[1]).toEqual(misuse[0]);
    await expect(
      Source.range(1, 5).via(Flow.fromGraph(pushTwice())).runWith(Sink.seq(), hosted),
    ).rejects.toBeInstanceOf(PortMisuseError);
  });

  it('push from an async callback and a timer, on the virtual clock', async () => {
    const viaCallback = await eachWay((mat) =>
      Source.range(1, 5)
        .via(Flow.fromGraph(asyncMap((x) => x * 2)))
        .map((x) => x + 1)
        .runWith(Sink.seq(), mat),
    );
    expect(viaCallback[0]).toEqual({ value: [3, 5, 7, 9, 11] });
    expect(viaCallback[1]).toEqual(viaCallback[0]);
    const echoes = both.map((mat) =>
      Source.range(1, 3)
        .via(Flow.fromGraph(timedEcho(100)))
        .runWith(Sink.seq(), mat),
    );
    for (let i = 0; i < 3; i++) clock.advance(100);
    expect(await Promise.all(echoes)).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('run a timer on the real clock: it fires no earlier than asked', async () => {
    const real = new Materializer({ hostClassicStages: true });
    const started = performance.now();
    const out = await Source.range(1, 2)
      .via(Flow.fromGraph(timedEcho(15)))
      .map((x) => [x, performance.now() - started] as const)
      .runWith(Sink.seq(), real);
    expect(out.map(([x]) => x)).toEqual([1, 2]);
    expect(out[0]?.[1]).toBeGreaterThanOrEqual(14);
    expect(out[1]?.[1]).toBeGreaterThanOrEqual(29);
    assertAllStagesStopped(real);
  });

  it('stop with their stream when the materializer shuts down', async () => {
    const mat = new Materializer({ clock, hostClassicStages: true });
    const [log, seq] = Source.range(1, 5)
      .via(Flow.fromGraph(timedEcho(1_000)))
      .viaMat(Flow.fromGraph(new Lifecycle()), Keep.right)
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    mat.shutdown();
    await expect(seq).rejects.toBeInstanceOf(AbruptTerminationError);
    expect(log.events[0]).toBe('preStart');
    expect(log.events.at(-1)).toBe('postStop');
    assertAllStagesStopped(mat);
  });

  it('run a stage that opens substreams, keeping their order', async () => {
    const outcomes = await eachWay((mat) =>
      Source.from([0, 0, 1, 0, 2, 2, 0])
        .splitWhen((x) => x === 0)
        .via(classic((x) => x))
        .scan(0, (a: number, x: number) => a + x)
        .mergeSubstreams()
        .runWith(Sink.seq(), mat),
    );
    expect(outcomes[0]).toEqual({ value: [0, 0, 0, 0, 1, 0, 0, 2, 4, 0, 0] });
    expect(outcomes[1]).toEqual(outcomes[0]);
    // The merge's pull for its next substream waits behind downstream's pull: the end of one
    // substream is not overtaken by the start of the next.
    const after = await eachWay((mat) =>
      Source.from([0, 0, 1])
        .splitAfter((x) => x === 0)
        .via(classic((x) => x))
        .mapConcat((x) => [x, x])
        .mergeSubstreams()
        .runWith(Sink.seq(), mat),
    );
    expect(after[0]).toEqual({ value: [0, 0, 0, 0, 1, 1] });
    expect(after[1]).toEqual(after[0]);
  });
});

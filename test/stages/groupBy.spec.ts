import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Flow,
  groupBy,
  Keep,
  Materializer,
  type NotUsed,
  Sink,
  Source,
  splitAfter,
  splitWhen,
  SubscriptionTimeoutError,
  TooManySubstreamsOpenError,
} from 'sluice';
import {
  assertAllStagesStopped,
  settle,
  TestSink,
  TestSource,
  type TestSourceProbe,
  VirtualClock,
} from 'sluice/testkit';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

/** Runs `flow` between probes; the downstream probe receives the substream sources. */
function probeSubstreams(flow: Flow<number, Source<number, NotUsed>, NotUsed>) {
  return TestSource.probe<number>()
    .via(flow)
    .toMat(TestSink.probe<Source<number, NotUsed>>(), Keep.both)
    .run(mat);
}

/**
 * Sends `first` through `flow` (a splitting stage with a 1000 ms subscription timeout) and leaves
 * the substream it opens unmaterialized: the element waits for it and upstream is not pulled
 * until the timeout fails that substream, naming the stage `name`, and upstream is pulled again.
 */
async function timeOutFirstSubstream(
  flow: Flow<number, Source<number, NotUsed>, NotUsed>,
  name: string,
  first: number,
) {
  const [pub, sub] = probeSubstreams(flow);
  sub.request(2);
  pub.sendNext(first);
  const unused = await sub.expectNextAny();
  await sub.expectNoMessage(999);
  expect(pub.pending).toBe(0);
  clock.advance(1);
  await pub.expectRequest();
  const error = await unused.runWith(Sink.seq(), mat).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SubscriptionTimeoutError);
  expect((error as SubscriptionTimeoutError).timeoutMs).toBe(1_000);
  expect((error as Error).message).toMatch(
    new RegExp(
      `^${name}#\\d+: cannot wait for substream '${name}\\.sub0': it was not materialized within 1000 ms$`,
    ),
  );
  return { pub, sub };
}

/**
 * Sends `element`, which opens a new substream; runs that substream and expects `element` in it,
 * then completes upstream: the substream and the stream of substreams complete.
 */
async function nextSubstreamThenComplete(
  { pub, sub }: Awaited<ReturnType<typeof timeOutFirstSubstream>>,
  element: number,
) {
  pub.sendNext(element);
  const next = (await sub.expectNextAny()).runWith(TestSink.probe<number>(), mat);
  next.request(2);
  await next.expectNext(element);
  pub.sendComplete();
  await next.expectComplete();
  await sub.expectComplete();
}

/** Applies a splitting stage and its merge (`groupBy(...).mergeSubstreams()`) to a source. */
type Splitting = (
  source: Source<number, TestSourceProbe<number>>,
) => Source<number, TestSourceProbe<number>>;

/** A splitting stage and its merge, applied by `split` to a probe source, between probes. */
function probeMerged(split: Splitting) {
  return split(TestSource.probe<number>()).toMat(TestSink.probe<number>(), Keep.both).run(mat);
}

/** After one element passed, cancelling the merged stream cancels upstream. */
async function expectCancelAfterFirst(split: Splitting) {
  const [pub, sub] = probeMerged(split);
  sub.request(1);
  pub.sendNext(1);
  await sub.expectNext(1);
  sub.cancel();
  await pub.expectCancellation();
  await settle();
}

/** `elements` pass through the merged substreams `split` makes, 5 s of idle time apart. */
async function passPastTheTimeout(split: Splitting, elements: number[]) {
  const [pub, sub] = probeMerged(split);
  sub.request(elements.length);
  for (const element of elements) {
    pub.sendNext(element);
    await sub.expectNext(element);
    await sub.expectNoMessage(5_000);
  }
  pub.sendComplete();
  await sub.expectComplete();
}

describe('groupBy', () => {
  it('routes each element to its key substream; merging gives the groups back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 })), async (xs) => {
        const out = await Source.from(xs)
          .groupBy(3, (x) => x % 3)
          .via(Flow.create<number>().fold([] as number[], (acc, x) => [...acc, x]))
          .mergeSubstreams()
          .runWith(Sink.seq(), mat);
        const model = [0, 1, 2]
          .map((k) => xs.filter((x) => x % 3 === k))
          .filter((g) => g.length > 0);
        const key = (g: number[]): number => (g[0] ?? 0) % 3;
        expect([...out].sort((a, b) => key(a) - key(b))).toEqual(model);
      }),
      { numRuns: 30 },
    );
  });

  it('shapes substreams with map and filter, and concatenates them', async () => {
    const out = await Source.from([1, 2, 3, 4, 5, 6])
      .groupBy(1, () => 'all')
      .map((x) => x * 10)
      .filter((x) => x > 20)
      .concatSubstreams()
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([30, 40, 50, 60]);
  });

  it('runs each substream into its own sink with to(sink)', async () => {
    const seen: string[] = [];
    const done = Source.from(['a1', 'b1', 'a2'])
      .groupBy(2, (s) => s[0])
      .to(Sink.foreach((s: string) => seen.push(s)))
      .run(mat);
    expect(done).toBeDefined();
    await settle();
    expect(seen.sort()).toEqual(['a1', 'a2', 'b1']);
  });

  it('works on a Flow and keeps its materialized value', async () => {
    const flow = Flow.create<number>()
      .groupBy(2, (x) => x % 2)
      .map((x) => x + 1)
      .mergeSubstreams();
    const out = await Source.from([1, 2, 3]).via(flow).runWith(Sink.seq(), mat);
    expect([...out].sort()).toEqual([2, 3, 4]);
  });

  it('fails naming the stage when more than maxSubstreams keys are open', async () => {
    const result = Source.from([1, 2, 3])
      .groupBy(2, (x) => x)
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    const error = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TooManySubstreamsOpenError);
    expect((error as Error).message).toMatch(
      /^groupBy#\d+: cannot open a substream for a new key: maxSubstreams \(2\) are already open$/,
    );
    await settle();
  });

  it('fails the substreams and the merged stream with upstream', async () => {
    const [pub, sub] = probeMerged((source) => source.groupBy(2, (x) => x % 2).mergeSubstreams());
    sub.request(5);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendError(boom);
    await sub.expectError(boom);
    await settle();
  });

  it('cancels upstream when the merged stream is cancelled', async () => {
    await expectCancelAfterFirst((source) => source.groupBy(2, (x) => x % 2).mergeSubstreams());
  });

  it('backpressures upstream while a substream backpressures (bounded: one element waits)', async () => {
    const [pub, sub] = probeMerged((source) => source.groupBy(2, (x) => x % 2).mergeSubstreams());
    let pulls = 0;
    await settle();
    for (let i = 0; i < 6; i++) {
      if (pub.pending === 0) break;
      pulls++;
      pub.sendNext(i);
      await settle();
    }
    // Without demand each substream holds at most one element ahead and one waits in the stage
    // (the fused form, with the identity per-substream flow, holds none).
    expect(pulls).toBeLessThanOrEqual(4);
    sub.request(100);
    pub.sendComplete();
    expect((await sub.expectNextN(pulls)).length).toBe(pulls);
    await sub.expectComplete();
  });

  it('drops the elements of a cancelled key, or reopens it when recreation is allowed', async () => {
    const firstOfEach = (allow: boolean): Promise<number[]> =>
      Source.from([1, 3, 2, 5])
        .groupBy(2, (x) => x % 2, allow)
        .via(Flow.create<number>().take(1))
        .mergeSubstreams()
        .runWith(Sink.seq(), mat);
    expect([...(await firstOfEach(false))].sort()).toEqual([1, 2]);
    // 3 may arrive before the odd substream's cancel is seen; 5 comes after it.
    const reopened = await firstOfEach(true);
    expect(reopened).toContain(5);
  });

  it('merges with bounded parallelism', async () => {
    const out = await Source.from([1, 2, 3, 4])
      .groupBy(2, (x) => x % 2)
      .mergeSubstreamsWithParallelism(2)
      .runWith(Sink.seq(), mat);
    expect([...out].sort()).toEqual([1, 2, 3, 4]);
    expect(() =>
      Source.single(1)
        .groupBy(1, () => 0)
        .mergeSubstreamsWithParallelism(0),
    ).toThrow('mergeSubstreamsWithParallelism: parallelism must be a positive integer, got 0');
  });

  it('fails a substream not materialized within the subscription timeout and drops its key', async () => {
    const run = await timeOutFirstSubstream(
      groupBy(2, (x: number) => x % 2, false, 1_000),
      'groupBy',
      1,
    );
    // The timed-out key counts as cancelled: its elements are dropped.
    run.pub.sendNext(3);
    await run.pub.expectRequest();
    await nextSubstreamThenComplete(run, 2);
  });

  it('reopens a timed-out key when recreation is allowed', async () => {
    const run = await timeOutFirstSubstream(
      groupBy(2, (x: number) => x % 2, true, 1_000),
      'groupBy',
      1,
    );
    await nextSubstreamThenComplete(run, 3);
  });

  it('keeps a substream that was pulled in time past the subscription timeout', async () => {
    await passPastTheTimeout(
      (source) => source.groupBy(2, (x) => x % 2, false, 1_000).mergeSubstreams(),
      [1, 3],
    );
  });

  it('rejects bad settings', () => {
    expect(() => groupBy(0, (x: number) => x)).toThrow(
      'groupBy: maxSubstreams must be a positive integer, got 0',
    );
    expect(() => groupBy(1, (x: number) => x, false, -1)).toThrow(
      'groupBy: subscriptionTimeoutMs must be a non-negative number of milliseconds, got -1',
    );
    expect(() => Source.single(1).groupBy(1, 5 as never)).toThrow(
      'groupBy: key must be a function, got number',
    );
  });
});

describe('splitWhen and splitAfter', () => {
  it('splitWhen starts a substream at each matching element', async () => {
    const out = await Source.from([1, 2, 0, 3, 0, 4])
      .splitWhen((x) => x === 0)
      .via(Flow.create<number>().fold([] as number[], (acc, x) => [...acc, x]))
      .concatSubstreams()
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([
      [1, 2],
      [0, 3],
      [0, 4],
    ]);
  });

  it('splitAfter ends a substream after each matching element', async () => {
    const out = await Source.from([1, 2, 0, 3, 0, 4])
      .splitAfter((x) => x === 0)
      .via(Flow.create<number>().fold([] as number[], (acc, x) => [...acc, x]))
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([[1, 2, 0], [3, 0], [4]]);
  });

  it('match the array model for any input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 })), async (xs) => {
        const chunks = await Source.from(xs)
          .splitWhen((x) => x === 0)
          .via(Flow.create<number>().fold([] as number[], (acc, x) => [...acc, x]))
          .concatSubstreams()
          .runWith(Sink.seq(), mat);
        const model: number[][] = [];
        for (const x of xs) {
          const last = model[model.length - 1];
          if (last === undefined || x === 0) model.push([x]);
          else last.push(x);
        }
        expect(chunks).toEqual(model);
      }),
      { numRuns: 30 },
    );
  });

  it('fails with upstream, cancels with downstream', async () => {
    await expect(
      Source.from([1])
        .concat(Source.failed<number>(boom))
        .splitWhen(() => false)
        .mergeSubstreams()
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expectCancelAfterFirst((source) => source.splitAfter(() => true).mergeSubstreams());
  });

  it('drops the elements of a cancelled substream until the next split', async () => {
    const out = await Source.from([1, 2, 0, 3, 0, 4])
      .splitWhen((x) => x === 0)
      .via(Flow.create<number>().take(1))
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 0, 0]);
  });

  it('backpressures upstream while the current substream backpressures', async () => {
    const [pub, sub] = probeMerged((source) => source.splitWhen((x) => x === 0).concatSubstreams());
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    await settle();
    // The substream pulled one element ahead at most: upstream sees at most one more request.
    expect(pub.pending).toBeLessThanOrEqual(1);
    sub.request(1);
    pub.sendNext(2);
    await sub.expectNext(2);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('splitWhen fails a substream not materialized in time and drops until the next split', async () => {
    const run = await timeOutFirstSubstream(
      splitWhen((x: number) => x === 0, 1_000),
      'splitWhen',
      1,
    );
    run.pub.sendNext(2); // dropped: the timed-out substream counts as cancelled
    await run.pub.expectRequest();
    await nextSubstreamThenComplete(run, 0);
  });

  it('splitAfter fails a substream not materialized in time; the next one opens after a split', async () => {
    const run = await timeOutFirstSubstream(
      splitAfter((x: number) => x === 0, 1_000),
      'splitAfter',
      1,
    );
    run.pub.sendNext(0); // dropped, and ends the cancelled substream
    await run.pub.expectRequest();
    await nextSubstreamThenComplete(run, 5);
  });

  it('keeps substreams pulled in time past the subscription timeout', async () => {
    await passPastTheTimeout(
      (source) => source.splitAfter((x) => x === 0, 1_000).mergeSubstreams(),
      [1, 0, 7],
    );
    await passPastTheTimeout(
      (source) => source.splitWhen((x) => x === 0, 1_000).mergeSubstreams(),
      [1, 0, 7],
    );
  });

  it('rejects a non-function or a negative subscription timeout', () => {
    expect(() => splitWhen((x: number) => x > 0, -1)).toThrow(
      'splitWhen: subscriptionTimeoutMs must be a non-negative number of milliseconds, got -1',
    );
    expect(() => splitAfter((x: number) => x > 0, Number.NaN)).toThrow(
      'splitAfter: subscriptionTimeoutMs must be a non-negative number of milliseconds, got NaN',
    );
    expect(() => Source.single(1).splitWhen(1 as never)).toThrow(
      'splitWhen: p must be a function, got number',
    );
    expect(() => Source.single(1).splitAfter(1 as never)).toThrow(
      'splitAfter: p must be a function, got number',
    );
  });
});

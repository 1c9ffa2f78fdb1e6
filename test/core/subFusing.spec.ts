import { afterEach, describe, expect, it } from 'vitest';
import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Keep,
  Materializer,
  Outlet,
  type OutHandler,
  Sink,
  Source,
  SubSinkInlet,
} from 'sluice';
import {
  assertAllStagesStopped,
  TestSink,
  TestSource,
  type TestSourceProbe,
  VirtualClock,
} from 'sluice/testkit';
import { ClassicMap } from './classicMap.js';
import { heapGrowth } from './heapGrowth.js';
import { ticksMidStream } from './midStreamTicks.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** A stage written with onPush/onPull, so a substream holding it cannot run fused. */
const classic = Flow.fromGraph(new ClassicMap((x) => x * 2));

/** Reads one inner source through a SubSinkInlet whose onPush handler throws `error`. */
class ThrowOnInner extends GraphStage<FlowShape<Source<number, unknown>, number>> {
  readonly shape = new FlowShape(
    new Inlet<Source<number, unknown>>('throwOnInner.in'),
    new Outlet<number>('throwOnInner.out'),
  );
  constructor(readonly error: Error) {
    super('throwOnInner');
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    const error = this.error;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      constructor(shape: FlowShape<Source<number, unknown>, number>) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      override preStart(): void {
        this.pull(inlet);
      }
      onPush(): void {
        const sub = new SubSinkInlet<number>(this, 'throwOnInner.sub');
        sub.setHandler({
          onPush: () => {
            throw error;
          },
        });
        this.grab(inlet).runWith(sub.sink, this.materializer);
        sub.pull();
      }
      onPull(): void {
        // Elements only ever arrive by the throwing handler.
      }
      onUpstreamFinish(): void {
        // The inner source is still running.
      }
    })(this.shape);
  }
}

describe('sub-streams in their owner’s island', () => {
  it('run without an interpreter of their own, with back-pressure from the merge', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .groupBy(3, (x) => x % 3)
      .via(classic)
      .mergeSubstreams()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(3);
    for (let x = 1; x <= 3; x++) {
      await pub.expectRequest();
      pub.sendNext(x);
    }
    expect((await sub.expectNextN(3)).sort()).toEqual([2, 4, 6]);
    // Three substreams are open, and the whole stream is still one island.
    expect(mat.runningIslands).toBe(1);
    await pub.expectRequest();
    pub.sendNext(4);
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext(8);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('run in an interpreter of their own on another materializer, signals still crossing', async () => {
    const other = new Materializer();
    const [pub, heads] = TestSource.probe<number>()
      .prefixAndTail(0)
      .toMat(Sink.head(), Keep.both)
      .run(mat);
    const [, tail] = await heads;
    const sub = tail.via(classic).runWith(TestSink.probe<number>(), other);
    expect(other.runningIslands).toBe(1);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(21);
    await sub.expectNext(42);
    sub.cancel();
    await pub.expectCancellation();
    assertAllStagesStopped(other);
  });

  it('keep a part behind an async boundary in an island of its own', async () => {
    const sums = await Source.range(1, 1000)
      .groupBy(4, (x) => x % 4)
      .via(classic.async())
      .fold(0, (a: number, x: number) => a + x)
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    expect(sums.reduce((a, x) => a + x, 0)).toBe(1000 * 1001);
    expect(sums).toHaveLength(4);
  });

  it('fail the owner when its handler throws on an element, and cancel the sub-stream', async () => {
    const boom = new Error('owner handler failed');
    let innerPub: TestSourceProbe<number> | undefined;
    const inner = TestSource.probe<number>().mapMaterializedValue((p) => {
      innerPub = p;
      return p;
    });
    const done = Source.single<Source<number, unknown>>(inner)
      .via(Flow.fromGraph(new ThrowOnInner(boom)))
      .runWith(Sink.ignore(), mat);
    const pub = innerPub as unknown as TestSourceProbe<number>; // set by the materialization above
    await pub.expectRequest();
    pub.sendNext(1);
    await expect(done).rejects.toBe(boom);
    await pub.expectCancellation();
  });

  it('run their timers on the owner’s clock', async () => {
    const clock = new VirtualClock();
    const timed = new Materializer({ clock });
    const done = Source.from([1, 2])
      .flatMapMerge(2, (x) => Source.tick(0, 10, x).take(3))
      .runWith(Sink.seq(), timed);
    clock.advance(20);
    expect((await done).sort()).toEqual([1, 1, 1, 2, 2, 2]);
    assertAllStagesStopped(timed);
  });

  it('still yield to the event loop: a 1 ms timer fires while sub-streams carry 400,000 elements', async () => {
    const total = 400_000;
    const inner = Source.range(1, 1000).via(classic);
    const { sum, midTicks, materializer } = await ticksMidStream(
      Source.range(1, total / 1000).flatMapMerge(4, () => inner),
    );
    expect(sum).toBe((total / 1000) * 1000 * 1001);
    expect(midTicks).toBeGreaterThan(0);
    assertAllStagesStopped(materializer);
  }, 60_000);

  it('leave no stopped stage behind in a long-running island: 20,000 sub-streams retain under 4 MB', async () => {
    const own = new Materializer();
    const inner = (x: number): Source<number, unknown> => Source.single(x).via(classic);
    const running: Promise<unknown>[] = [];
    // Each run keeps its island alive (its source never completes) while the heap is measured.
    const runUntil = async (count: number): Promise<void> => {
      let reached: () => void = () => undefined;
      const seen = new Promise<void>((resolve) => {
        reached = resolve;
      });
      running.push(
        Source.range(1, count)
          .concat(Source.never<number>())
          .flatMapConcat(inner)
          .map((x) => {
            if (x === 2 * count) reached();
            return x;
          })
          .runWith(Sink.ignore(), own),
      );
      await seen;
    };
    const { retained } = await heapGrowth(
      () => runUntil(1_000),
      () => runUntil(20_000),
    );
    expect(retained).toBeLessThan(4 * 1024 * 1024);
    own.shutdown();
    for (const done of running) await expect(done).rejects.toThrow(/shutdown/);
    assertAllStagesStopped(own);
  }, 60_000);
});

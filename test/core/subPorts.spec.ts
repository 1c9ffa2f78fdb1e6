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
  SubSourceOutlet,
} from 'sluice';
import {
  assertAllStagesStopped,
  settle,
  TestSink,
  TestSource,
  type TestSourceProbe,
} from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Runs each element's inner source to its end before the next: flatMapConcat in miniature. */
class Flatten<T> extends GraphStage<FlowShape<Source<T, unknown>, T>> {
  readonly shape = new FlowShape(
    new Inlet<Source<T, unknown>>('flatten.in'),
    new Outlet<T>('flatten.out'),
  );
  constructor() {
    super('flatten');
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      private inner: SubSinkInlet<T> | undefined = undefined;
      constructor(shape: FlowShape<Source<T, unknown>, T>) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      onPush(): void {
        const inner = new SubSinkInlet<T>(this, 'flatten.inner');
        this.inner = inner;
        inner.setHandler({
          onPush: () => {
            this.push(out, inner.grab());
          },
          onUpstreamFinish: () => {
            this.inner = undefined;
            if (this.isClosed(inlet)) this.completeStage();
            else if (this.isAvailable(out)) this.pull(inlet);
          },
        });
        this.grab(inlet).runWith(inner.sink, this.materializer);
        if (this.isAvailable(out)) inner.pull();
      }
      onPull(): void {
        if (this.inner !== undefined) this.inner.pull();
        else if (!this.hasBeenPulled(inlet)) this.pull(inlet);
      }
      onUpstreamFinish(): void {
        if (this.inner === undefined) this.completeStage();
      }
    })(this.shape);
  }
}

/** Emits one sub-source carrying every element: the building block of prefixAndTail and groupBy. */
class Nest<T> extends GraphStage<FlowShape<T, Source<T, unknown>>> {
  readonly shape = new FlowShape(
    new Inlet<T>('nest.in'),
    new Outlet<Source<T, unknown>>('nest.out'),
  );
  constructor() {
    super('nest');
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      private tail: SubSourceOutlet<T> | undefined = undefined;
      constructor(shape: FlowShape<T, Source<T, unknown>>) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      onPull(): void {
        if (this.tail !== undefined) return;
        const tail = new SubSourceOutlet<T>(this, 'nest.tail');
        this.tail = tail;
        tail.setHandler({
          onPull: () => {
            this.pull(inlet);
          },
          onDownstreamFinish: () => {
            this.completeStage();
          },
        });
        this.push(out, tail.source);
        this.complete(out);
        this.setKeepGoing(true);
      }
      onPush(): void {
        this.tail?.push(this.grab(inlet));
      }
      onUpstreamFinish(): void {
        this.tail?.complete();
        this.completeStage();
      }
      onUpstreamFailure(error: unknown): void {
        this.tail?.fail(error);
        this.failStage(error);
      }
    })(this.shape);
  }
}

describe('sub-stream ports', () => {
  it('SubSinkInlet reads inner streams one after another', async () => {
    const sources = Source.from<Source<number, unknown>>([
      Source.range(1, 3),
      Source.empty<number>(),
      Source.range(10, 11),
    ]);
    expect(
      await sources.via(Flow.fromGraph(new Flatten<number>())).runWith(Sink.seq(), mat),
    ).toEqual([1, 2, 3, 10, 11]);
  });

  it('SubSinkInlet back-pressures the inner stream and cancels it with the owner', async () => {
    let innerPub: TestSourceProbe<number> | undefined;
    const inner = TestSource.probe<number>().mapMaterializedValue((p) => {
      innerPub = p;
      return p;
    });
    const down = Source.single<Source<number, unknown>>(inner)
      .via(Flow.fromGraph(new Flatten<number>()))
      .runWith(TestSink.probe<number>(), mat);
    await down.expectNoMessage(0);
    expect(innerPub).toBeUndefined();
    down.request(1);
    await settle();
    const pub = innerPub as unknown as TestSourceProbe<number>;
    expect(await pub.expectRequest()).toBe(1);
    pub.sendNext(5);
    await down.expectNext(5);
    await down.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    down.cancel();
    await pub.expectCancellation();
  });

  it('SubSourceOutlet emits what the owner pushes, as demand allows', async () => {
    const [pub, tails] = TestSource.probe<number>()
      .via(Flow.fromGraph(new Nest<number>()))
      .toMat(Sink.head(), Keep.both)
      .run(mat);
    const tail = await tails;
    const sub = tail.runWith(TestSink.probe<number>(), mat);
    sub.request(2);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    await pub.expectRequest();
    pub.sendNext(2).sendComplete();
    await sub.expectNext(2);
    await sub.expectComplete();
  });

  it('SubSourceOutlet fails the inner stream when the owner fails', async () => {
    const boom = new Error('outer failed');
    const [pub, tails] = TestSource.probe<number>()
      .via(Flow.fromGraph(new Nest<number>()))
      .toMat(Sink.head(), Keep.both)
      .run(mat);
    const sub = (await tails).runWith(TestSink.probe<number>(), mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendError(boom);
    expect(await sub.expectError()).toBe(boom);
  });
});

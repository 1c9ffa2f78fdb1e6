import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  Keep,
  Materializer,
  Outlet,
  PortMisuseError,
  Sink,
  Source,
  type StepContext,
  type StepSink,
  Supervision,
} from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';

const mat = new Materializer({ eventsPerYield: 64 });
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** A custom fusable stage written with the public API only: halves even numbers, drops odd ones. */
class HalveEven extends FusableFlow<number, number> {
  readonly shape = new FlowShape(
    new Inlet<number>('halveEven.in'),
    new Outlet<number>('halveEven.out'),
  );
  stops = 0;
  constructor() {
    super('halveEven');
  }
  createStep(downstream: StepSink<number>, context: StepContext): StepSink<number> {
    return new HalveEvenStep(this, downstream, context);
  }
}

class HalveEvenStep implements StepSink<number> {
  constructor(
    private readonly stage: HalveEven,
    private readonly downstream: StepSink<number>,
    private readonly context: StepContext,
  ) {}
  onElement(x: number): void {
    if (x === 13) throw this.context.illegalElement(null);
    if (x % 2 === 0) this.downstream.onElement(x / 2);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
  onStop(): void {
    this.stage.stops++;
  }
}

describe('fused chains', () => {
  it('run a custom fusable stage between built-ins, fused and alone', async () => {
    const stage = new HalveEven();
    const halve = Flow.fromGraph(stage);
    const fused = await Source.range(1, 10)
      .via(halve)
      .map((x) => x * 10)
      .runWith(Sink.seq(), mat);
    expect(fused).toEqual([10, 20, 30, 40, 50]);
    const alone = await Source.from([2, 4, 5, 6]).via(halve).runWith(Sink.seq(), mat);
    expect(alone).toEqual([1, 2, 3]);
    expect(stage.stops).toBe(2);
  });

  it('keep back-pressure at the chain ends: one element per pull, with drops in between', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .filter((x) => x % 2 === 0)
      .map((x) => x + 1)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(3);
    await sub.expectNoMessage(5);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('hold scan seed until the first pull and emit it for an empty stream', async () => {
    const sub = Source.range(1, 3)
      .scan(0, (a, x) => a + x)
      .runWith(TestSink.probe<number>(), mat);
    await sub.expectNoMessage(5);
    sub.request(2);
    await sub.expectNext(0, 1);
    sub.request(5);
    await sub.expectNext(3, 6);
    await sub.expectComplete();
    expect(
      await Source.range(1, 0)
        .scan(7, (a: number, x: number) => a + x)
        .runWith(Sink.seq(), mat),
    ).toEqual([7]);
    expect(
      await Source.range(1, 5)
        .scan(0, (a, x) => a + x)
        .take(0)
        .runWith(Sink.seq(), mat),
    ).toEqual([]);
  });

  it('complete downstream and cancel upstream when take ends the chain', async () => {
    const [pub, out] = TestSource.probe<number>()
      .map((x) => x * 2)
      .take(2)
      .map((x) => x + 1)
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    pub.sendNext(1);
    pub.sendNext(2);
    await pub.expectCancellation();
    expect(await out).toEqual([3, 5]);
  });

  it('fail the whole chain with a step error, naming the stage and port', async () => {
    const failing = Source.range(10, 20)
      .via(Flow.fromGraph(new HalveEven()))
      .runWith(Sink.seq(), mat);
    await expect(failing).rejects.toBeInstanceOf(PortMisuseError);
    await expect(failing).rejects.toThrow(
      /^halveEven#2: cannot push null to port 'halveEven.out': null and undefined/,
    );
    const nulls = Source.range(1, 3)
      .map((x) => (x === 2 ? (null as unknown as number) : x))
      .filter(() => true)
      .runWith(Sink.seq(), mat);
    await expect(nulls).rejects.toThrow(/^map#2: cannot push null to port 'map\.out'/);
  });

  it('apply each stage its own supervision', async () => {
    const resume = Attributes.supervisionStrategy(Supervision.resumingDecider);
    const out = await Source.range(1, 5)
      .map((x) => {
        if (x === 3) throw new Error('three');
        return x;
      })
      .withAttributes(resume)
      .filter((x) => x !== 4)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 5]);
  });

  it('run a source-to-sink chain as a loop that yields to the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 0);
    let seen = 0;
    await Source.range(1, 200_000)
      .map((x) => x + 1)
      .runWith(
        Sink.foreach(() => {
          seen++;
        }),
        mat,
      );
    clearInterval(timer);
    expect(seen).toBe(200_000);
    expect(ticks).toBeGreaterThan(0);
  });

  it('stop a running loop on shutdown, rejecting the result', async () => {
    const own = new Materializer({ eventsPerYield: 16 });
    const done = Source.range(1, Number.MAX_SAFE_INTEGER)
      .map((x) => x)
      .runWith(Sink.ignore(), own);
    own.shutdown();
    await expect(done).rejects.toThrow(/shutdown/);
    expect(own.runningIslands).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  Flow,
  FlowShape,
  FusableFlow,
  FusableSink,
  FusableSource,
  Inlet,
  Materializer,
  Outlet,
  SinkShape,
  Sink,
  type SinkStep,
  Source,
  type SourceDownstream,
  SourceShape,
  type SourceStep,
  type StepContext,
  type StepSink,
} from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { ticksMidStream } from './midStreamTicks.js';

// The ends of a fused chain: a source sending elements straight to `downstream.next`, and a sink
// step that ends the chain itself (`endsChainOnComplete`), so no wrapper sits on either side.

const mat = new Materializer({ eventsPerYield: 256 });
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** The numbers 1..n, each straight to `downstream.next`; the last one and the completion in one call. */
class Count extends FusableSource<number> {
  readonly shape = new SourceShape(new Outlet<number>('count.out'));
  constructor(readonly n: number) {
    super('count');
  }
  createSourceStep(downstream: SourceDownstream<number>): SourceStep {
    return new CountStep(this.n, downstream);
  }
}

class CountStep implements SourceStep {
  private i = 0;
  constructor(
    private readonly n: number,
    private readonly downstream: SourceDownstream<number>,
  ) {}
  produce(): void {
    this.downstream.next.onElement(++this.i);
    if (this.i === this.n) this.downstream.onComplete();
  }
}

/** Collects into `seen`; with `endsChain` it ends the chain itself and counts its completions. */
class Collect extends FusableSink<number, number[]> {
  readonly shape = new SinkShape(new Inlet<number>('collect.in'));
  completions = 0;
  constructor(readonly endsChain: boolean) {
    super('collect');
  }
  createSinkStep(context: StepContext): readonly [SinkStep<number>, number[]] {
    const seen: number[] = [];
    const step = this.endsChain
      ? new EndingCollectStep(this, seen, context)
      : new CollectStep(this, seen);
    return [step, seen];
  }
}

class CollectStep implements SinkStep<number> {
  constructor(
    protected readonly stage: Collect,
    private readonly seen: number[],
  ) {}
  onElement(x: number): void {
    this.seen.push(x);
  }
  onComplete(): void {
    this.stage.completions++;
  }
  onError(): void {
    // nothing to settle
  }
}

class EndingCollectStep extends CollectStep {
  readonly endsChainOnComplete = true;
  private done = false;
  constructor(
    stage: Collect,
    seen: number[],
    private readonly context: StepContext,
  ) {
    super(stage, seen);
  }
  override onComplete(): void {
    if (this.done) return;
    this.done = true;
    super.onComplete();
    this.context.cancelUpstream();
  }
}

/** Emits a last element, 100, when upstream completes: the case the source's guard exists for. */
class EmitAtEndFlow extends FusableFlow<number, number> {
  readonly shape = new FlowShape(
    new Inlet<number>('emitAtEnd.in'),
    new Outlet<number>('emitAtEnd.out'),
  );
  constructor() {
    super('emitAtEnd');
  }
  createStep(downstream: StepSink<number>): StepSink<number> {
    return new EmitAtEnd(downstream);
  }
}

class EmitAtEnd implements StepSink<number> {
  constructor(private readonly downstream: StepSink<number>) {}
  onElement(x: number): void {
    this.downstream.onElement(x);
  }
  onComplete(): void {
    this.downstream.onElement(100);
    this.downstream.onComplete();
  }
}

async function settled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('the ends of a fused chain', () => {
  for (const endsChain of [true, false]) {
    const form = endsChain ? 'a sink that ends the chain itself' : 'a sink the chain watches';
    it(`end with ${form}: elements in order, one completion, every stage stopped`, async () => {
      const sink = new Collect(endsChain);
      const seen = Source.fromGraph(new Count(5))
        .map((x) => x * 10)
        .runWith(Sink.fromGraph(sink), mat);
      await settled();
      expect(seen).toEqual([10, 20, 30, 40, 50]);
      expect(sink.completions).toBe(1);
      expect(mat.runningIslands).toBe(0);
    });

    it(`end with ${form} when take completes it in the element the source ends with`, async () => {
      const sink = new Collect(endsChain);
      const seen = Source.range(1, 4).take(4).runWith(Sink.fromGraph(sink), mat);
      await settled();
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(sink.completions).toBe(1);
      expect(mat.runningIslands).toBe(0);
    });
  }

  it('hold the completion of a source writing to `next` while the expansion it caused runs', async () => {
    const out = await Source.fromGraph(new Count(3))
      .via(Flow.fromGraph(new EmitAtEndFlow()))
      .mapConcat((x) => [x, x])
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 1, 2, 2, 3, 3, 100, 100]);
  });

  it('charge an expansion its burst against the yield budget: a 1 ms timer fires mid-stream', async () => {
    // Charged one per call instead, the 2,000 inner sources would fit in one turn of 4,096.
    const inner = Array.from({ length: 1000 }, (_, i) => i);
    const { seen, midTicks, materializer } = await ticksMidStream(
      Source.range(1, 2000).flatMapConcat(() => Source.from(inner)),
    );
    assertAllStagesStopped(materializer);
    expect(seen).toBe(2_000_000);
    expect(midTicks).toBeGreaterThan(0);
  });
});

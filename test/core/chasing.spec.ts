import { afterEach, describe, expect, it } from 'vitest';
import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Materializer,
  Outlet,
  type OutHandler,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { ClassicMap } from './classicMap.js';
import { heapGrowth } from './heapGrowth.js';
import { ticksMidStream } from './midStreamTicks.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** A pass-through stage that tracks how many handlers of any tracked stage are on the stack. */
class Tracked extends GraphStage<FlowShape<number, number>> {
  readonly shape = new FlowShape(
    new Inlet<number>('tracked.in'),
    new Outlet<number>('tracked.out'),
  );
  constructor(readonly depth: { now: number; max: number; calls: number }) {
    super('tracked');
  }
  createLogic(): GraphStageLogic {
    const { shape, depth } = this;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      constructor() {
        super(shape);
        this.setHandlers(shape.in, shape.out, this);
      }
      onPush(): void {
        depth.now++;
        depth.calls++;
        depth.max = Math.max(depth.max, depth.now);
        this.push(shape.out, this.grab(shape.in));
        depth.now--;
      }
      onPull(): void {
        depth.now++;
        depth.calls++;
        depth.max = Math.max(depth.max, depth.now);
        this.pull(shape.in);
        depth.now--;
      }
    })();
  }
}

function classicChain(stages: number): Flow<number, number, unknown> {
  let flow: Flow<number, number, unknown> = Flow.fromGraph(new ClassicMap((x) => x + 1));
  for (let i = 1; i < stages; i++) flow = flow.via(Flow.fromGraph(new ClassicMap((x) => x + 1)));
  return flow;
}

describe('chasing in the interpreter', () => {
  it('runs a million elements through 5 classic stages without growing the heap', async () => {
    const run = (n: number) => Source.range(1, n).via(classicChain(5)).runWith(Sink.ignore(), mat);
    // Anything kept per element (a queued signal, a closure) would be a million of them: the peak
    // bound is a few dozen bytes per element.
    const { retained, peak } = await heapGrowth(
      () => run(100_000),
      () => run(1_000_000),
    );
    expect(retained).toBeLessThan(4 * 1024 * 1024);
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  }, 120_000);

  it('still yields to the event loop: a 1 ms timer keeps firing through a long classic chain', async () => {
    const total = 1_000_000;
    const { sum, midTicks, materializer } = await ticksMidStream(
      Source.range(1, total).via(classicChain(2)),
    );
    expect(sum).toBe((total * (total + 1)) / 2 + 2 * total);
    // Ticks landed while elements were still flowing, not only before and after the stream.
    expect(midTicks).toBeGreaterThan(0);
    assertAllStagesStopped(materializer);
  }, 60_000);

  it('keeps the stack flat: 200 classic stages in a row carry 20,000 elements', async () => {
    const out = await Source.range(1, 20_000)
      .via(classicChain(200))
      .runWith(
        Sink.fold(0, (a: number, x: number) => a + x),
        mat,
      );
    expect(out).toBe((20_000 * 20_001) / 2 + 200 * 20_000);
  }, 60_000);

  it('never nests handlers: a push or pull reaches the next stage after the handler returns', async () => {
    const depth = { now: 0, max: 0, calls: 0 };
    let flow: Flow<number, number, unknown> = Flow.fromGraph(new Tracked(depth));
    for (let i = 1; i < 4; i++) flow = flow.via(Flow.fromGraph(new Tracked(depth)));
    const out = await Source.range(1, 1000).via(flow).runWith(Sink.seq(), mat);
    expect(out).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // Four stages, each an onPush and an onPull per element (and one more pull for the end).
    expect(depth.calls).toBeGreaterThanOrEqual(8 * 1000);
    expect(depth.max).toBe(1);
  });

  it('delivers a failure thrown by a chased handler to the stage, naming it', async () => {
    const failing = Flow.fromGraph(
      new ClassicMap((x) => {
        if (x === 3) throw new Error('boom at 3');
        return x;
      }),
    );
    await expect(
      Source.range(1, 10).via(classicChain(2)).via(failing).runWith(Sink.seq(), mat),
    ).rejects.toThrow('boom at 3');
  });
});

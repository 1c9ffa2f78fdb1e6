import { afterEach, describe, expect, it } from 'vitest';
import {
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

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** What a recording stage saw: its calls to push and pull that threw, and how it stopped. */
interface Seen {
  pushThrew: number;
  pullThrew: number;
  downstreamFinish: unknown[];
  upstreamFailure: unknown[];
  elements: number[];
}

/**
 * A classic pass-through stage between a fused source and a fused sink: the two ends its `pull`
 * and `push` reach at once. It records every call of its own that threw.
 */
class Recording extends GraphStage<FlowShape<number, number>> {
  readonly shape = new FlowShape(
    new Inlet<number>('recording.in'),
    new Outlet<number>('recording.out'),
  );
  readonly seen: Seen = {
    pushThrew: 0,
    pullThrew: 0,
    downstreamFinish: [],
    upstreamFailure: [],
    elements: [],
  };
  constructor() {
    super('recording');
  }
  createLogic(): GraphStageLogic {
    const { shape, seen } = this;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      constructor() {
        super(shape);
        this.setHandlers(shape.in, shape.out, this);
      }
      onPush(): void {
        const x = this.grab(shape.in);
        seen.elements.push(x);
        try {
          this.push(shape.out, x);
        } catch (error) {
          seen.pushThrew++;
          throw error;
        }
      }
      onPull(): void {
        try {
          this.pull(shape.in);
        } catch (error) {
          seen.pullThrew++;
          throw error;
        }
      }
      onDownstreamFinish(cause: unknown): void {
        seen.downstreamFinish.push(cause);
        this.completeStage();
      }
      onUpstreamFailure(error: unknown): void {
        seen.upstreamFailure.push(error);
        this.failStage(error);
      }
    })();
  }
}

describe('a classic stage between fused ends', () => {
  it('carries every element, in order', async () => {
    const stage = new Recording();
    const out = await Source.range(1, 5000).via(stage).runWith(Sink.seq(), mat);
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });

  it('a fused sink that throws on an element fails the sink, not the stage that pushed', async () => {
    const stage = new Recording();
    const done = Source.range(1, 10)
      .via(stage)
      .runWith(
        Sink.foreach((x: number) => {
          if (x === 3) throw new Error('sink boom at 3');
        }),
        mat,
      );
    await expect(done).rejects.toThrow('sink boom at 3');
    // The push that reached the sink returned normally; the stage heard of it as a cancel.
    expect(stage.seen.pushThrew).toBe(0);
    expect(stage.seen.elements).toEqual([1, 2, 3]);
    expect(stage.seen.downstreamFinish).toHaveLength(1);
    expect(String(stage.seen.downstreamFinish[0])).toContain('sink boom at 3');
  });

  it('a fused source that throws when pulled fails the source, not the stage that pulled', async () => {
    const stage = new Recording();
    const done = Source.range(1, 10)
      .map((x) => {
        if (x === 4) throw new Error('source boom at 4');
        return x;
      })
      .via(stage)
      .runWith(Sink.seq(), mat);
    await expect(done).rejects.toThrow('source boom at 4');
    expect(stage.seen.pullThrew).toBe(0);
    expect(stage.seen.elements).toEqual([1, 2, 3]);
    expect(stage.seen.upstreamFailure).toHaveLength(1);
  });

  it('a fused sink that ends the stream at once cancels the stage that pushed', async () => {
    const stage = new Recording();
    const out = await Source.range(1, 100).via(stage).take(3).runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 3]);
    expect(stage.seen.elements).toEqual([1, 2, 3]);
    expect(stage.seen.downstreamFinish).toHaveLength(1);
  });

  it('a fused source that completes with its last element delivers that element first', async () => {
    const stage = new Recording();
    const out = await Source.single(7).via(stage).runWith(Sink.seq(), mat);
    expect(out).toEqual([7]);
    expect(stage.seen.upstreamFailure).toEqual([]);
  });
});

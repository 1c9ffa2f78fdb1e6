import { afterEach, describe, expect, it } from 'vitest';
import {
  ClosedShape,
  FlowShape,
  GraphBuildError,
  GraphDSL,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Keep,
  Materializer,
  Outlet,
  type OutHandler,
  RunnableGraph,
  Sink,
  Source,
  UniformFanInShape,
  UniformFanOutShape,
  Flow,
} from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { SumPairs, sumPairs } from '../../examples/custom-stages/sumPairs.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Every element to both outputs, when both have demand. */
class Fork<T> extends GraphStage<UniformFanOutShape<T, T>> {
  readonly shape = new UniformFanOutShape(new Inlet<T>('fork.in'), [
    new Outlet<T>('fork.out0'),
    new Outlet<T>('fork.out1'),
  ]);
  constructor() {
    super('fork');
  }
  createLogic(): GraphStageLogic {
    const shape = this.shape;
    return new (class extends GraphStageLogic implements InHandler {
      constructor() {
        super(shape);
        this.setHandler(shape.in, this);
        const onPull = (): void => {
          if (shape.outlets.every((o) => this.isAvailable(o) || this.isClosed(o)))
            this.tryPull(shape.in);
        };
        for (const o of shape.outlets) this.setHandler(o, { onPull });
      }
      onPush(): void {
        const x = this.grab(shape.in);
        for (const o of shape.outlets) if (!this.isClosed(o)) this.push(o, x);
      }
    })();
  }
}

/**
 * Merges two inputs, preferring input 0 (the feedback of a cycle). It takes one element of
 * input 0 into a buffer and pulls again even without demand: a cycle needs that slack to move.
 */
class PreferredMerge<T> extends GraphStage<UniformFanInShape<T, T>> {
  readonly shape = new UniformFanInShape(new Outlet<T>('pmerge.out'), [
    new Inlet<T>('pmerge.in0'),
    new Inlet<T>('pmerge.in1'),
  ]);
  constructor() {
    super('pmerge');
  }
  createLogic(): GraphStageLogic {
    const shape = this.shape;
    const [in0, in1] = shape.inlets as [Inlet<T>, Inlet<T>];
    return new (class extends GraphStageLogic implements OutHandler {
      private feedback: T | undefined = undefined;
      constructor() {
        super(shape);
        this.setHandler(in0, {
          onPush: () => {
            if (this.feedback === undefined) {
              this.feedback = this.grab(in0);
              this.pull(in0);
            }
            this.tryEmit();
          },
          onUpstreamFinish: () => undefined,
        });
        this.setHandler(in1, {
          onPush: () => {
            this.tryEmit();
          },
          // Inside a cycle the merge ends when its output is cancelled, not when the source ends.
          onUpstreamFinish: () => undefined,
        });
        this.setHandler(shape.out, this);
      }
      override preStart(): void {
        this.pull(in0);
        this.pull(in1);
      }
      private tryEmit(): void {
        if (!this.isAvailable(shape.out)) return;
        if (this.feedback !== undefined) {
          this.push(shape.out, this.feedback);
          this.feedback = undefined;
          if (this.isAvailable(in0)) {
            this.feedback = this.grab(in0);
            this.tryPull(in0);
          }
        } else if (this.isAvailable(in1)) {
          this.push(shape.out, this.grab(in1));
          this.tryPull(in1);
        }
      }
      onPull(): void {
        this.tryEmit();
      }
    })();
  }
}

describe('GraphDSL', () => {
  it('wires a fan-in stage with typed ports', async () => {
    expect(
      await sumPairs(Source.range(1, 3), Source.range(10, 40, 10)).runWith(Sink.seq(), mat),
    ).toEqual([11, 22, 33]);
  });

  it('wires fan-out and fan-in into a Flow', async () => {
    const graph = GraphDSL.create((b) => {
      const fork = b.add(new Fork<number>());
      const sum = b.add(new SumPairs());
      const double = b.add(Flow.create<number>().map((x) => x * 2));
      b.connect(fork.out(0), sum.in0);
      b.connect(fork.out(1), double.in);
      b.connect(double.out, sum.in1);
      return new FlowShape(fork.in, sum.out);
    });
    expect(await Source.range(1, 4).via(Flow.fromGraph(graph)).runWith(Sink.seq(), mat)).toEqual([
      3, 6, 9, 12,
    ]);
  });

  it('runs a closed graph and hands back the imported graphs materialized values', async () => {
    const graph = GraphDSL.createWith(
      [Source.range(1, 3), Sink.seq<number>()] as const,
      (b, source, sink) => {
        b.connect(source.out, sink.in);
        return ClosedShape.instance;
      },
    );
    const [, result] = RunnableGraph.fromGraph(graph).run(mat);
    expect(await result).toEqual([1, 2, 3]);
  });

  it('imports the same blueprint twice as independent stages', async () => {
    const inc = Flow.create<number>().map((x) => x + 1);
    const graph = GraphDSL.create((b) => {
      const first = b.add(inc);
      const second = b.add(inc);
      b.connect(first.out, second.in);
      return new FlowShape(first.in, second.out);
    });
    expect(await Source.single(1).via(Flow.fromGraph(graph)).runWith(Sink.head(), mat)).toBe(3);
  });

  it('runs a cycle through a preferring merge', async () => {
    // Each element circles back once with +100, then leaves through the take.
    const graph = GraphDSL.createWith([Sink.seq<number>()] as const, (b, sink) => {
      const merge = b.add(new PreferredMerge<number>());
      const fork = b.add(new Fork<number>());
      const source = b.add(Source.from([1, 2, 3]));
      const back = b.add(
        Flow.create<number>()
          .filter((x) => x < 100)
          .map((x) => x + 100),
      );
      const out = b.add(Flow.create<number>().take(6));
      b.connect(source.out, merge.in(1));
      b.connect(merge.out, fork.in);
      b.connect(fork.out(0), back.in);
      b.connect(back.out, merge.in(0));
      b.connect(fork.out(1), out.in);
      b.connect(out.out, sink.in);
      return ClosedShape.instance;
    });
    const [result] = RunnableGraph.fromGraph(graph).run(mat);
    expect((await result).sort((a, b) => a - b)).toEqual([1, 2, 3, 101, 102, 103]);
  });

  it('names an unconnected port', () => {
    expect(() =>
      GraphDSL.create((b) => {
        const fork = b.add(new Fork<number>());
        const source = b.add(Source.single(1));
        b.connect(source.out, fork.in);
        b.connect(fork.out(0), b.add(Sink.ignore()).in);
        return ClosedShape.instance;
      }),
    ).toThrow(
      new GraphBuildError(
        "GraphDSL: unconnected ports: 'fork.out1'; connect them or return them in the shape",
      ),
    );
  });

  it('refuses a port connected twice and a foreign port', () => {
    expect(() =>
      GraphDSL.create((b) => {
        const source = b.add(Source.single(1));
        b.connect(source.out, b.add(Sink.ignore()).in);
        b.connect(source.out, b.add(Sink.ignore()).in);
        return ClosedShape.instance;
      }),
    ).toThrow(/port 'single.out': it is already connected/);
    expect(() =>
      GraphDSL.create((b) => {
        b.connect(new Outlet<number>('stray.out'), b.add(Sink.ignore()).in);
        return ClosedShape.instance;
      }),
    ).toThrow(/port 'stray.out' does not belong to this builder/);
    expect(Keep.left(1, 2)).toBe(1);
  });
});

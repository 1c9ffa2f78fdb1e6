import { afterEach, describe, expect, it } from 'vitest';
import {
  ClosedShape,
  Flow,
  FlowShape,
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
  SinkShape,
  Source,
  SourceShape,
} from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Doubles every element: a user's own flow stage. */
class Double extends GraphStage<FlowShape<number, number>> {
  readonly shape = new FlowShape(new Inlet<number>('double.in'), new Outlet<number>('double.out'));
  constructor() {
    super('double');
  }
  createLogic(): GraphStageLogic {
    return new DoubleLogic(this.shape);
  }
}
class DoubleLogic extends GraphStageLogic implements InHandler, OutHandler {
  constructor(private readonly s: FlowShape<number, number>) {
    super(s);
    this.setHandlers(s.in, s.out, this);
  }
  onPush(): void {
    this.push(this.s.out, this.grab(this.s.in) * 2);
  }
  onPull(): void {
    this.pull(this.s.in);
  }
}

/** Collects every element into `into`: a user's own sink stage, taking anything. */
class CollectInto extends GraphStage<SinkShape<unknown>> {
  readonly shape = new SinkShape(new Inlet<unknown>('collectInto.in'));
  constructor(private readonly into: unknown[]) {
    super('collectInto');
  }
  createLogic(): GraphStageLogic {
    const { shape, into } = this;
    return new (class extends GraphStageLogic implements InHandler {
      constructor() {
        super(shape);
        this.setHandler(shape.in, this);
      }
      override preStart(): void {
        this.pull(shape.in);
      }
      onPush(): void {
        into.push(this.grab(shape.in));
        this.pull(shape.in);
      }
    })();
  }
}

describe('a GraphStage as a graph', () => {
  it('goes straight into via, on a Source and on a Flow', async () => {
    await expect(
      Source.from([1, 2, 3]).via(new Double()).runWith(Sink.seq(), mat),
    ).resolves.toEqual([2, 4, 6]);
    const twice = Flow.create<number>().via(new Double()).via(new Double());
    await expect(Source.from([1, 2]).via(twice).runWith(Sink.seq(), mat)).resolves.toEqual([4, 8]);
  });

  it('goes straight into to and runWith as a sink', async () => {
    const seen: unknown[] = [];
    const done = Source.from([1, 2])
      .watchTermination(Keep.right)
      .to(new CollectInto(seen))
      .run(mat);
    await done;
    expect(seen).toEqual([1, 2]);
    const more: unknown[] = [];
    Source.from(['a']).runWith(new CollectInto(more), mat);
    expect(more).toEqual(['a']); // a synchronous source runs to its end inside runWith
    const fromFlow: unknown[] = [];
    const sink = Flow.create<number>().via(new Double()).to(new CollectInto(fromFlow));
    await Source.from([5]).watchTermination(Keep.right).toMat(sink, Keep.left).run(mat);
    expect(fromFlow).toEqual([10]);
  });

  it('goes straight into GraphDSL add', async () => {
    const graph = GraphDSL.create((b) => {
      const double = b.add(new Double());
      b.connect(b.add(Source.from([7, 8])).out, double.in);
      return new SourceShape(double.out);
    });
    await expect(Source.fromGraph(graph).runWith(Sink.seq(), mat)).resolves.toEqual([14, 16]);
    const seen: unknown[] = [];
    const closed = GraphDSL.create((b) => {
      const double = b.add(new Double());
      b.connect(b.add(Source.from([1, 2])).out, double.in);
      b.connect(double.out, b.add(new CollectInto(seen)).in);
      return ClosedShape.instance;
    });
    RunnableGraph.fromGraph(closed).run(mat);
    expect(seen).toEqual([2, 4]);
  });
});

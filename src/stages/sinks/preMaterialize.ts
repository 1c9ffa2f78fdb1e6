import {
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Keep,
  Materializer,
  NotUsed,
  Outlet,
  type OutHandler,
  Sink,
  Source,
  SourceShape,
  SubSinkInlet,
} from '../../core/index.js';

/**
 * Materializes `sink` now and returns its materialized value with a Sink that feeds the running
 * sink (Pekko's `Sink.preMaterialize`). Until the returned Sink is run, the running sink sees no
 * element; its demand then reaches the returned Sink's upstream one element at a time. The
 * returned Sink can be materialized once; a second materialization fails with a
 * `PortMisuseError`.
 * - Backpressures when: the running sink backpressures, or the returned Sink has not been run.
 * - Completes when: the returned Sink's upstream completes (the running sink completes).
 * - Cancels when: the running sink cancels (the returned Sink cancels its upstream).
 *
 * A failure upstream of the returned Sink fails the running sink.
 * @example
 * ```ts
 * const [total, sink] = Sink.fold(0, (a, x: number) => a + x).preMaterialize();
 * await Source.range(1, 3).runWith(sink);
 * await total; // 6
 * ```
 * @see preMaterializeSource
 */
export function preMaterializeSink<In, Mat>(
  sink: Sink<In, Mat>,
  materializer: Materializer = Materializer.default(),
): [Mat, Sink<In, NotUsed>] {
  const [handoff, mat] = Source.fromGraph(new Handoff<In>())
    .toMat(sink, Keep.both)
    .run(materializer);
  return [mat, handoff];
}

// A source that emits what a Sink materialized elsewhere receives; it asks that Sink's upstream
// for an element only when its own downstream pulls, so the handoff holds no element of its own.
class Handoff<T> extends GraphStageWithMaterializedValue<SourceShape<T>, Sink<T, NotUsed>> {
  readonly shape = new SourceShape(new Outlet<T>('preMaterialize.out'));
  constructor() {
    super('preMaterialize');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Sink<T, NotUsed>] {
    const logic = new HandoffLogic<T>(this.shape);
    return [logic, logic.in.sink.mapMaterializedValue(() => NotUsed)];
  }
}

class HandoffLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  readonly in: SubSinkInlet<T>;
  constructor(private readonly ports: SourceShape<T>) {
    super(ports);
    this.in = new SubSinkInlet<T>(this, 'preMaterialize.in');
    this.setHandler(ports.out, this);
    this.in.setHandler(this);
  }
  onPull(): void {
    this.in.pull();
  }
  onPush(): void {
    this.push(this.ports.out, this.in.grab());
  }
  onUpstreamFinish(): void {
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.failStage(error);
  }
  onDownstreamFinish(cause: unknown): void {
    this.in.cancel();
    this.cancelStage(cause);
  }
}

declare module '../../core/Sink.js' {
  interface Sink<In, Mat> {
    /**
     * Materializes this sink now; returns its materialized value and a Sink (materializable once)
     * that feeds it. See {@link preMaterializeSink}.
     */
    preMaterialize(materializer?: Materializer): [Mat, Sink<In, NotUsed>];
  }
}
Object.defineProperty(Sink.prototype, 'preMaterialize', {
  value: function <In, Mat>(this: Sink<In, Mat>, materializer?: Materializer) {
    return preMaterializeSink(this, materializer);
  },
  writable: true,
  configurable: true,
});

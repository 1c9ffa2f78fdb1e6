import {
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  Keep,
  Materializer,
  NotUsed,
  type OutHandler,
  Sink,
  SinkShape,
  Source,
  SubSourceOutlet,
} from '../../core/index.js';

/**
 * Materializes `source` now and returns its materialized value with a Source that emits what the
 * running source produces (Pekko's `Source.preMaterialize`). The running source is held back
 * until the returned Source is run and pulls: nothing is buffered and nothing is lost.
 * The returned Source can be materialized once; a second materialization fails with a
 * `PortMisuseError`.
 * - Emits when: the running source emits and the returned Source's downstream pulls.
 * - Backpressures when: the returned Source has not been run yet, or its downstream backpressures.
 * - Completes when: the running source completes (the returned Source completes; if it runs later,
 *   it completes at once after the elements before).
 * - Cancels when: the returned Source is cancelled (the running source is cancelled).
 *
 * A failure of the running source fails the returned Source.
 * @example
 * ```ts
 * const [queue, source] = Source.queue<number>(16).preMaterialize();
 * queue.offer(1); // the queue exists before the stream that consumes it is built
 * await source.runWith(Sink.head());
 * ```
 * @see preMaterializeSink
 */
export function preMaterializeSource<Out, Mat>(
  source: Source<Out, Mat>,
  materializer: Materializer = Materializer.default(),
): [Mat, Source<Out, NotUsed>] {
  return source.toMat(Sink.fromGraph(new Handoff<Out>()), Keep.both).run(materializer);
}

// A sink that hands what it receives to a Source materialized elsewhere; it pulls only when that
// Source's downstream pulls, so the handoff holds no element of its own.
class Handoff<T> extends GraphStageWithMaterializedValue<SinkShape<T>, Source<T, NotUsed>> {
  readonly shape = new SinkShape(new Inlet<T>('preMaterialize.in'));
  constructor() {
    super('preMaterialize');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Source<T, NotUsed>] {
    const logic = new HandoffLogic<T>(this.shape);
    return [logic, logic.out.source.mapMaterializedValue(() => NotUsed)];
  }
}

class HandoffLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  readonly out: SubSourceOutlet<T>;
  constructor(private readonly ports: SinkShape<T>) {
    super(ports);
    this.out = new SubSourceOutlet<T>(this, 'preMaterialize.out');
    this.setHandler(ports.in, this);
    this.out.setHandler(this);
  }
  onPush(): void {
    this.out.push(this.grab(this.ports.in));
  }
  onUpstreamFinish(): void {
    this.out.complete();
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.out.fail(error);
    this.failStage(error);
  }
  onPull(): void {
    this.pull(this.ports.in);
  }
  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /**
     * Materializes this source now; returns its materialized value and a Source (materializable
     * once) that emits what it produces. See {@link preMaterializeSource}.
     */
    preMaterialize(materializer?: Materializer): [Mat, Source<Out, NotUsed>];
  }
}
Object.defineProperty(Source.prototype, 'preMaterialize', {
  value: function <Out, Mat>(this: Source<Out, Mat>, materializer?: Materializer) {
    return preMaterializeSource(this, materializer);
  },
  writable: true,
  configurable: true,
});

import {
  AbruptTerminationError,
  Flow,
  FlowShape,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  isFailureCause,
  Keep,
  type OutHandler,
  Outlet,
  Source,
  type Repr,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';

/**
 * Passes every element unchanged and materializes a promise of the stream's end at this point: it
 * resolves when upstream completes or downstream cancels plainly, and rejects with the error when
 * upstream fails or downstream cancels because of a failure (or the stream is shut down).
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @example
 * ```ts
 * const [done, result] = source.watchTermination().toMat(Sink.seq(), Keep.both).run();
 * ```
 */
export function watchTermination<T>(): Flow<T, T, Promise<void>> {
  return Flow.fromGraph(new WatchTermination<T>());
}

class WatchTermination<T> extends GraphStageWithMaterializedValue<FlowShape<T, T>, Promise<void>> {
  readonly shape = new FlowShape(
    new Inlet<T>('watchTermination.in'),
    new Outlet<T>('watchTermination.out'),
  );
  constructor() {
    super('watchTermination');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Promise<void>] {
    const done = new Deferred<void>();
    return [new WatchTerminationLogic(this, done), done.promise];
  }
}

class WatchTerminationLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  constructor(
    stage: WatchTermination<T>,
    private readonly done: Deferred<void>,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
  }
  onPull(): void {
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    this.done.resolve();
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.done.reject(error);
    this.failStage(error);
  }
  onDownstreamFinish(cause: unknown): void {
    if (isFailureCause(cause)) this.done.reject(cause);
    else this.done.resolve();
    this.cancelStage(cause);
  }
  override failStage(error: unknown): void {
    this.done.reject(error);
    super.failStage(error);
  }
  override postStop(): void {
    this.done.reject(
      new AbruptTerminationError(`${this.label}: the stream stopped before it terminated`),
    );
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOpsMat<In, Out, Mat, Kind> {
    /** Materializes a promise of the stream's end; see {@link watchTermination}. */
    watchTermination(): Repr<Kind, In, Out, Promise<void>>;
    /** Materializes a promise of the stream's end, combined with this mat value. */
    watchTermination<M2>(combine: (mat: Mat, done: Promise<void>) => M2): Repr<Kind, In, Out, M2>;
  }
}
// Installed by hand rather than with addFlowOperator: it keeps the right-hand mat value by default.
const method = function (
  this: { viaMat(flow: unknown, combine: unknown): unknown },
  combine: (mat: unknown, done: Promise<void>) => unknown = Keep.right,
): unknown {
  return this.viaMat(watchTermination(), combine);
};
for (const target of [Source.prototype, Flow.prototype]) {
  Object.defineProperty(target, 'watchTermination', {
    value: method,
    writable: true,
    configurable: true,
  });
}

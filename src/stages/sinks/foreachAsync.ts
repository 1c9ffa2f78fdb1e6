import {
  AbruptTerminationError,
  type AsyncCallback,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  requireFunction,
  requirePositiveInt,
  Sink,
  SinkShape,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSinkFactory } from '../fluent.js';

/**
 * A sink that runs the async `f` for each element, with at most `parallelism` calls pending;
 * materializes to a promise that resolves once upstream completed and every call resolved, and
 * rejects (cancelling upstream) when a call rejects or the stream fails.
 * - Backpressures when: `parallelism` calls are pending.
 * - Completes when: upstream completes and every pending call resolved.
 * - Cancels when: a call rejects.
 * @throws RangeError if `parallelism` is not a positive integer; TypeError if `f` is not a function.
 * @see mapAsync, Sink.foreach
 */
export function foreachAsync<In>(
  parallelism: number,
  f: (element: In) => PromiseLike<unknown>,
): Sink<In, Promise<void>> {
  requirePositiveInt('Sink.foreachAsync', 'parallelism', parallelism);
  requireFunction('Sink.foreachAsync', 'f', f);
  return Sink.fromGraph(new ForeachAsync(parallelism, f));
}

class ForeachAsync<In> extends GraphStageWithMaterializedValue<SinkShape<In>, Promise<void>> {
  readonly shape = new SinkShape(new Inlet<In>('foreachAsync.in'));
  constructor(
    readonly parallelism: number,
    readonly f: (element: In) => PromiseLike<unknown>,
  ) {
    super('foreachAsync');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Promise<void>] {
    const done = new Deferred<void>();
    return [new ForeachAsyncLogic(this, done), done.promise];
  }
}

class ForeachAsyncLogic<In> extends GraphStageLogic implements InHandler {
  private readonly in: Inlet<In>;
  private inFlight = 0;
  private readonly onDone: AsyncCallback<undefined>;
  private readonly onFailure: AsyncCallback<unknown>;
  // Bound once, so a call's continuation allocates no closure of ours.
  private readonly resolved = (): void => {
    this.onDone.invoke(undefined);
  };
  private readonly rejected = (error: unknown): void => {
    this.onFailure.invoke(error);
  };
  constructor(
    private readonly stage: ForeachAsync<In>,
    private readonly done: Deferred<void>,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.setHandler(this.in, this);
    this.onDone = this.getAsyncCallback(() => {
      this.inFlight--;
      if (this.isClosed(this.in)) {
        if (this.inFlight === 0) {
          this.done.resolve();
          this.completeStage();
        }
      } else if (!this.hasBeenPulled(this.in)) {
        this.pull(this.in);
      }
    });
    this.onFailure = this.getAsyncCallback((error) => {
      this.failStage(error);
    });
  }
  override preStart(): void {
    // Pending calls outlive the inlet's completion.
    this.setKeepGoing(true);
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    this.inFlight++;
    Promise.resolve(this.stage.f(element)).then(this.resolved, this.rejected);
    if (this.inFlight < this.stage.parallelism) this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.inFlight === 0) {
      this.done.resolve();
      this.completeStage();
    }
  }
  override failStage(error: unknown): void {
    this.done.reject(error);
    super.failStage(error);
  }
  override postStop(): void {
    this.done.reject(
      new AbruptTerminationError(`${this.label}: the stream stopped before it completed`),
    );
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** Runs an async `f` per element with bounded parallelism; see {@link foreachAsync}. */
    function foreachAsync<In>(
      parallelism: number,
      f: (element: In) => PromiseLike<unknown>,
    ): Sink<In, Promise<void>>;
  }
}
addSinkFactory('foreachAsync', foreachAsync);

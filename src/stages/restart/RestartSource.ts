import {
  type Graph,
  GraphStage,
  type GraphStageLogic,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  Source,
  SourceShape,
  SubSinkInlet,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { Backoff, type RestartSettings, validateRestartSettings } from './RestartSettings.js';

/**
 * Sources that run again, after a backoff, when the source they wrap ends. Elements in flight when
 * the inner source fails are lost, and the inner source's materialized value is not reachable.
 * Timers run on the materializer's clock.
 * - Emits when: the current inner source emits.
 * - Backpressures when: downstream backpressures, and during the backoff.
 * - Completes when: the restart limit is reached after a completion (or, for
 *   `onFailuresWithBackoff`, when the inner source completes).
 * - Fails when: the restart limit is reached after a failure (with that failure).
 * - Cancels when: downstream cancels (the inner source is cancelled with it).
 *
 * @example
 * ```ts
 * const ticks = RestartSource.withBackoff(
 *   { minBackoffMs: 100, maxBackoffMs: 5_000, randomFactor: 0.2 },
 *   () => connect(),
 * );
 * ```
 */
export const RestartSource = {
  /**
   * Restarts the source `factory` makes whenever it completes or fails.
   * @throws RangeError for bad settings; TypeError if `factory` is not a function.
   */
  withBackoff<T>(
    settings: RestartSettings,
    factory: () => Graph<SourceShape<T>, unknown>,
  ): Source<T, NotUsed> {
    validateRestartSettings('RestartSource.withBackoff', settings);
    requireFunction('RestartSource.withBackoff', 'factory', factory);
    return Source.fromGraph(new RestartSourceStage(settings, factory, false));
  },

  /**
   * Restarts the source `factory` makes only when it fails; a completion completes the stream.
   * @throws RangeError for bad settings; TypeError if `factory` is not a function.
   */
  onFailuresWithBackoff<T>(
    settings: RestartSettings,
    factory: () => Graph<SourceShape<T>, unknown>,
  ): Source<T, NotUsed> {
    validateRestartSettings('RestartSource.onFailuresWithBackoff', settings);
    requireFunction('RestartSource.onFailuresWithBackoff', 'factory', factory);
    return Source.fromGraph(new RestartSourceStage(settings, factory, true));
  },
} as const;

class RestartSourceStage<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('restartSource.out'));
  constructor(
    readonly settings: RestartSettings,
    readonly factory: () => Graph<SourceShape<T>, unknown>,
    readonly onlyOnFailures: boolean,
  ) {
    super('restartSource');
  }
  createLogic(): GraphStageLogic {
    return new RestartSourceLogic(this);
  }
}

class RestartSourceLogic<T> extends TimerGraphStageLogic implements OutHandler {
  private readonly out: Outlet<T>;
  private readonly backoff: Backoff;
  private inner: SubSinkInlet<T> | undefined = undefined;
  private nextId = 0;
  constructor(private readonly stage: RestartSourceStage<T>) {
    super(stage.shape);
    this.out = stage.shape.out;
    this.backoff = new Backoff(stage.settings);
    this.setHandler(this.out, this);
  }
  override preStart(): void {
    this.startInner();
  }
  onPull(): void {
    const inner = this.inner;
    if (inner !== undefined && !inner.isClosed() && !inner.hasBeenPulled()) inner.pull();
  }
  onDownstreamFinish(cause: unknown): void {
    this.inner?.cancel();
    this.cancelStage(cause);
  }
  protected onTimer(): void {
    this.startInner();
  }
  private startInner(): void {
    const inner = new SubSinkInlet<T>(this, `restartSource.inner${this.nextId++}`);
    this.inner = inner;
    inner.setHandler({
      onPush: () => {
        this.push(this.out, inner.grab());
      },
      onUpstreamFinish: () => {
        if (this.stage.onlyOnFailures) this.completeStage();
        else this.scheduleRestart(undefined);
      },
      onUpstreamFailure: (error: unknown) => {
        this.scheduleRestart(error);
      },
    });
    if (this.isAvailable(this.out)) inner.pull();
    let source: Graph<SourceShape<T>, unknown>;
    try {
      source = this.stage.factory();
    } catch (error) {
      inner.cancel();
      this.scheduleRestart(error);
      return;
    }
    Source.fromGraph(source).runWith(inner.sink, this.materializer);
  }
  /** `error` is undefined after a completion. */
  private scheduleRestart(error: unknown): void {
    const delay = this.backoff.next(this.now(), error);
    if (delay >= 0) this.scheduleOnce('restart', delay);
    else if (error === undefined) this.completeStage();
    else this.failStage(error);
  }
}

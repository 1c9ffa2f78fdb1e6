import {
  type Graph,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  requireFunction,
  Sink,
  SinkShape,
  SubSourceOutlet,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { Backoff, type RestartSettings, validateRestartSettings } from './RestartSettings.js';

/**
 * Sinks that run again, after a backoff, when the sink they wrap cancels (it failed or
 * completed). The element in flight when it cancels may be lost. Timers run on the
 * materializer's clock.
 * - Backpressures when: the inner sink backpressures, and during the backoff.
 * - Completes when: upstream completes (the inner sink completes with it), or the restart limit
 *   is reached.
 * - Fails when: upstream fails (the inner sink fails with it).
 */
export const RestartSink = {
  /**
   * Restarts the sink `factory` makes whenever it cancels.
   * @throws RangeError for bad settings; TypeError if `factory` is not a function.
   */
  withBackoff<T>(
    settings: RestartSettings,
    factory: () => Graph<SinkShape<T>, unknown>,
  ): Sink<T, NotUsed> {
    validateRestartSettings('RestartSink.withBackoff', settings);
    requireFunction('RestartSink.withBackoff', 'factory', factory);
    return Sink.fromGraph(new RestartSinkStage(settings, factory));
  },
} as const;

class RestartSinkStage<T> extends GraphStage<SinkShape<T>> {
  readonly shape = new SinkShape(new Inlet<T>('restartSink.in'));
  constructor(
    readonly settings: RestartSettings,
    readonly factory: () => Graph<SinkShape<T>, unknown>,
  ) {
    super('restartSink');
  }
  createLogic(): GraphStageLogic {
    return new RestartSinkLogic(this);
  }
}

class RestartSinkLogic<T> extends TimerGraphStageLogic implements InHandler {
  private readonly in: Inlet<T>;
  private readonly backoff: Backoff;
  private toInner: SubSourceOutlet<T> | undefined = undefined;
  /** An element pulled for an inner sink that cancelled before it could take it. */
  private pending: T | undefined = undefined;
  private nextId = 0;
  constructor(private readonly stage: RestartSinkStage<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.backoff = new Backoff(stage.settings);
    this.setHandler(this.in, this);
  }
  override preStart(): void {
    this.startInner();
  }
  onPush(): void {
    const element = this.grab(this.in);
    const toInner = this.toInner;
    if (toInner?.isAvailable() === true) toInner.push(element);
    else this.pending = element;
  }
  onUpstreamFinish(): void {
    if (this.pending === undefined) {
      this.toInner?.complete();
      this.completeStage();
    }
  }
  onUpstreamFailure(error: unknown): void {
    this.toInner?.fail(error);
    this.failStage(error);
  }
  protected onTimer(): void {
    this.startInner();
  }
  private startInner(): void {
    const toInner = new SubSourceOutlet<T>(this, `restartSink.inner${this.nextId++}`);
    this.toInner = toInner;
    toInner.setHandler({
      onPull: () => {
        if (this.pending !== undefined) {
          const element = this.pending;
          this.pending = undefined;
          toInner.push(element);
          if (this.isClosed(this.in)) {
            toInner.complete();
            this.completeStage();
          }
        } else if (!this.hasBeenPulled(this.in)) {
          this.pull(this.in);
        }
      },
      onDownstreamFinish: () => {
        const delay = this.backoff.next(this.now());
        if (delay >= 0) this.scheduleOnce('restart', delay);
        else this.completeStage();
      },
    });
    let sink: Graph<SinkShape<T>, unknown>;
    try {
      sink = this.stage.factory();
    } catch (error) {
      toInner.complete();
      const delay = this.backoff.next(this.now(), error);
      if (delay >= 0) this.scheduleOnce('restart', delay);
      else this.failStage(error);
      return;
    }
    toInner.source.runWith(sink, this.materializer);
  }
}

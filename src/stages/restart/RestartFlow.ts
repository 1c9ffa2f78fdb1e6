import {
  Flow,
  FlowShape,
  type Graph,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  SubSinkInlet,
  SubSourceOutlet,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { Backoff, type RestartSettings, validateRestartSettings } from './RestartSettings.js';

/**
 * Flows that run again, after a backoff, when the flow they wrap ends. The element being
 * processed when the inner flow fails is lost. Timers run on the materializer's clock.
 * - Emits when: the current inner flow emits.
 * - Backpressures when: the inner flow backpressures, and during the backoff.
 * - Completes when: upstream completed and the inner flow completed, or the restart limit is
 *   reached after a completion (or, for `onFailuresWithBackoff`, the inner flow completes).
 * - Fails when: upstream fails, or the restart limit is reached after a failure.
 * - Cancels when: downstream cancels.
 */
export const RestartFlow = {
  /**
   * Restarts the flow `factory` makes whenever it completes or fails.
   * @throws RangeError for bad settings; TypeError if `factory` is not a function.
   */
  withBackoff<In, Out>(
    settings: RestartSettings,
    factory: () => Graph<FlowShape<In, Out>, unknown>,
  ): Flow<In, Out, NotUsed> {
    validateRestartSettings('RestartFlow.withBackoff', settings);
    requireFunction('RestartFlow.withBackoff', 'factory', factory);
    return Flow.fromGraph(new RestartFlowStage(settings, factory, false));
  },

  /**
   * Restarts the flow `factory` makes only when it fails; a completion completes the stream.
   * @throws RangeError for bad settings; TypeError if `factory` is not a function.
   */
  onFailuresWithBackoff<In, Out>(
    settings: RestartSettings,
    factory: () => Graph<FlowShape<In, Out>, unknown>,
  ): Flow<In, Out, NotUsed> {
    validateRestartSettings('RestartFlow.onFailuresWithBackoff', settings);
    requireFunction('RestartFlow.onFailuresWithBackoff', 'factory', factory);
    return Flow.fromGraph(new RestartFlowStage(settings, factory, true));
  },
} as const;

class RestartFlowStage<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(
    new Inlet<In>('restartFlow.in'),
    new Outlet<Out>('restartFlow.out'),
  );
  constructor(
    readonly settings: RestartSettings,
    readonly factory: () => Graph<FlowShape<In, Out>, unknown>,
    readonly onlyOnFailures: boolean,
  ) {
    super('restartFlow');
  }
  createLogic(): GraphStageLogic {
    return new RestartFlowLogic(this);
  }
}

class RestartFlowLogic<In, Out> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  private readonly backoff: Backoff;
  /** Feeds upstream's elements into the current inner flow. */
  private toInner: SubSourceOutlet<In> | undefined = undefined;
  /** Reads the current inner flow's output. */
  private fromInner: SubSinkInlet<Out> | undefined = undefined;
  /** An element pulled for an inner flow that ended before it could take it. */
  private pending: In | undefined = undefined;
  private nextId = 0;
  constructor(private readonly stage: RestartFlowStage<In, Out>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.backoff = new Backoff(stage.settings);
    this.setHandlers(this.in, this.out, this);
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
    if (this.pending === undefined) this.toInner?.complete();
  }
  onPull(): void {
    const fromInner = this.fromInner;
    if (fromInner !== undefined && !fromInner.isClosed() && !fromInner.hasBeenPulled())
      fromInner.pull();
  }
  onDownstreamFinish(cause: unknown): void {
    this.toInner?.complete();
    this.fromInner?.cancel();
    this.cancelStage(cause);
  }
  protected onTimer(): void {
    this.startInner();
  }
  private startInner(): void {
    const id = this.nextId++;
    const toInner = new SubSourceOutlet<In>(this, `restartFlow.toInner${id}`);
    const fromInner = new SubSinkInlet<Out>(this, `restartFlow.fromInner${id}`);
    this.toInner = toInner;
    this.fromInner = fromInner;
    toInner.setHandler({
      onPull: () => {
        if (this.pending !== undefined) {
          const element = this.pending;
          this.pending = undefined;
          toInner.push(element);
          if (this.isClosed(this.in)) toInner.complete();
        } else if (this.isClosed(this.in)) {
          toInner.complete();
        } else if (!this.hasBeenPulled(this.in)) {
          this.pull(this.in);
        }
      },
      // The inner flow stopped reading; its output ending decides about the restart.
      onDownstreamFinish: () => undefined,
    });
    fromInner.setHandler({
      onPush: () => {
        this.push(this.out, fromInner.grab());
      },
      onUpstreamFinish: () => {
        if (this.stage.onlyOnFailures || this.isClosed(this.in)) this.completeStage();
        else this.scheduleRestart(undefined);
      },
      onUpstreamFailure: (error: unknown) => {
        this.scheduleRestart(error);
      },
    });
    if (this.isAvailable(this.out)) fromInner.pull();
    let flow: Graph<FlowShape<In, Out>, unknown>;
    try {
      flow = this.stage.factory();
    } catch (error) {
      toInner.complete();
      fromInner.cancel();
      this.scheduleRestart(error);
      return;
    }
    toInner.source.via(flow).runWith(fromInner.sink, this.materializer);
  }
  /** `error` is undefined after a completion. */
  private scheduleRestart(error: unknown): void {
    this.toInner?.complete();
    const delay = this.backoff.next(this.now(), error);
    if (delay >= 0) this.scheduleOnce('restart', delay);
    else if (error === undefined) this.completeStage();
    else this.failStage(error);
  }
}

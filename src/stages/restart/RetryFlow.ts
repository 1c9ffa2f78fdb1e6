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
  requireNonNegativeDuration,
  SubSinkInlet,
  SubSourceOutlet,
  TimerGraphStageLogic,
} from '../../core/index.js';

/** How `RetryFlow.withBackoff` backs off: the n-th retry of an element waits `minBackoffMs * 2^n`, capped. */
export interface RetrySettings {
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Random extra delay as a fraction of the backoff; 0 for none (deterministic, as in tests). */
  readonly randomFactor: number;
  /** Retries per element; after the last one the inner flow's output is emitted as it is. */
  readonly maxRetries: number;
}

/** Thrown when the inner flow of `RetryFlow` completes while an element is in flight. */
export class RetryFlowInnerCompletedError extends Error {
  override readonly name = 'RetryFlowInnerCompletedError';
}

/**
 * Flows that retry an element, after a backoff, when `decideRetry` asks for it.
 * - Emits when: the inner flow emits an output for which `decideRetry` returns `undefined`, or
 *   the element ran out of retries.
 * - Backpressures when: downstream backpressures, or an element is in flight (one at a time).
 * - Completes when: upstream completed and the element in flight went out.
 * - Fails when: upstream or the inner flow fails, `decideRetry` throws, or the inner flow
 *   completes with an element in flight.
 * - Cancels when: downstream cancels.
 */
export const RetryFlow = {
  /**
   * Sends each element through `flow` (materialized once, which must emit one output per input)
   * and calls `decideRetry(input, output)`: `undefined` emits the output; an element is sent
   * through `flow` again after `minBackoffMs * 2^n` (capped at `maxBackoffMs`, plus up to
   * `randomFactor`), at most `maxRetries` times per upstream element. Timers run on the
   * materializer's clock.
   * @throws RangeError for bad settings; TypeError if `decideRetry` is not a function.
   */
  withBackoff<In, Out>(
    settings: RetrySettings,
    flow: Graph<FlowShape<In, Out>, unknown>,
    decideRetry: (input: In, output: Out) => In | undefined,
  ): Flow<In, Out, NotUsed> {
    validateRetrySettings('RetryFlow.withBackoff', settings);
    requireFunction('RetryFlow.withBackoff', 'decideRetry', decideRetry);
    return Flow.fromGraph(new RetryFlowStage(settings, flow, decideRetry));
  },
} as const;

function validateRetrySettings(operator: string, settings: RetrySettings): void {
  requireNonNegativeDuration(operator, 'minBackoffMs', settings.minBackoffMs);
  requireNonNegativeDuration(operator, 'maxBackoffMs', settings.maxBackoffMs);
  if (settings.maxBackoffMs < settings.minBackoffMs) {
    throw new RangeError(
      `${operator}: maxBackoffMs must be >= minBackoffMs (${settings.minBackoffMs}), got ${settings.maxBackoffMs}`,
    );
  }
  const { randomFactor, maxRetries } = settings;
  if (typeof randomFactor !== 'number' || !Number.isFinite(randomFactor) || randomFactor < 0) {
    throw new RangeError(
      `${operator}: randomFactor must be a finite number >= 0, got ${String(randomFactor)}`,
    );
  }
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(
      `${operator}: maxRetries must be a non-negative integer, got ${String(maxRetries)}`,
    );
  }
}

class RetryFlowStage<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(new Inlet<In>('retryFlow.in'), new Outlet<Out>('retryFlow.out'));
  constructor(
    readonly settings: RetrySettings,
    readonly flow: Graph<FlowShape<In, Out>, unknown>,
    readonly decideRetry: (input: In, output: Out) => In | undefined,
  ) {
    super('retryFlow');
  }
  createLogic(): GraphStageLogic {
    return new RetryFlowLogic(this);
  }
}

class RetryFlowLogic<In, Out> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  private readonly toInner: SubSourceOutlet<In>;
  private readonly fromInner: SubSinkInlet<Out>;
  /** The element in flight (the latest retry of it), until its output went out. */
  private current: In | undefined = undefined;
  /** Waiting for the inner flow to pull. */
  private toSend: In | undefined = undefined;
  private retries = 0;
  constructor(private readonly stage: RetryFlowStage<In, Out>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
    this.toInner = new SubSourceOutlet<In>(this, 'retryFlow.toInner');
    this.fromInner = new SubSinkInlet<Out>(this, 'retryFlow.fromInner');
    this.toInner.setHandler({
      onPull: () => {
        const element = this.toSend;
        if (element === undefined) return;
        this.toSend = undefined;
        this.toInner.push(element);
      },
      onDownstreamFinish: () => undefined,
    });
    this.fromInner.setHandler({
      onPush: () => {
        this.innerPushed(this.fromInner.grab());
      },
      onUpstreamFinish: () => {
        if (this.current === undefined) this.completeStage();
        else
          this.failStage(
            new RetryFlowInnerCompletedError(
              'RetryFlow: the inner flow completed with an element in flight',
            ),
          );
      },
      onUpstreamFailure: (error: unknown) => {
        this.failStage(error);
      },
    });
  }
  override preStart(): void {
    this.toInner.source.via(this.stage.flow).runWith(this.fromInner.sink, this.materializer);
  }
  onPull(): void {
    if (this.current === undefined && !this.isClosed(this.in)) this.pull(this.in);
  }
  onPush(): void {
    this.current = this.grab(this.in);
    this.retries = 0;
    this.send(this.current);
  }
  onUpstreamFinish(): void {
    if (this.current === undefined) this.completeStage();
  }
  protected onTimer(): void {
    this.send(this.current as In);
  }
  private send(element: In): void {
    if (this.toInner.isAvailable()) this.toInner.push(element);
    else this.toSend = element;
    this.fromInner.pull();
  }
  private innerPushed(output: Out): void {
    const input = this.current as In;
    const s = this.stage.settings;
    const retry = this.retries < s.maxRetries ? this.stage.decideRetry(input, output) : undefined;
    if (retry !== undefined && retry !== null) {
      const base = Math.min(s.maxBackoffMs, s.minBackoffMs * 2 ** this.retries);
      this.retries++;
      this.current = retry;
      const delay = s.randomFactor === 0 ? base : base * (1 + Math.random() * s.randomFactor);
      this.scheduleOnce('retry', delay);
      return;
    }
    this.current = undefined;
    this.push(this.out, output);
    if (this.isClosed(this.in)) this.completeStage();
  }
}

import {
  Flow,
  FlowShape,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  Source,
  type SourceShape,
  SubSinkInlet,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * On an upstream failure, switches to the source `f(error)` returns, at most `attempts` times
 * (`-1`: without limit, `0`: never). A failure of that source counts as the next attempt. When
 * `f` returns `undefined` the error is not handled and the stream fails with it.
 * - Emits when: upstream (or the current alternative source) pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream, or the alternative source it switched to, completes.
 * - Cancels when: downstream cancels (the alternative source is cancelled with it).
 * @throws RangeError if `attempts` is not an integer >= -1; TypeError if `f` is not a function.
 * @see recoverWith, recover
 */
export function recoverWithRetries<T>(
  attempts: number,
  f: (error: unknown) => Graph<SourceShape<T>, unknown> | undefined,
): Flow<T, T, NotUsed> {
  if (!Number.isInteger(attempts) || attempts < -1) {
    throw new RangeError(
      `recoverWithRetries: attempts must be an integer >= -1, got ${String(attempts)}`,
    );
  }
  requireFunction('recoverWithRetries', 'f', f);
  return Flow.fromGraph(new RecoverWithRetries(attempts, f));
}

class RecoverWithRetries<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(
    new Inlet<T>('recoverWithRetries.in'),
    new Outlet<T>('recoverWithRetries.out'),
  );
  constructor(
    readonly attempts: number,
    readonly f: (error: unknown) => Graph<SourceShape<T>, unknown> | undefined,
  ) {
    super('recoverWithRetries');
  }
  createLogic(): GraphStageLogic {
    return new RecoverWithRetriesLogic(this);
  }
}

class RecoverWithRetriesLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private attemptsLeft: number;
  /** The alternative source currently read, once upstream failed. */
  private sub: SubSinkInlet<T> | undefined = undefined;
  constructor(private readonly stage: RecoverWithRetries<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.attemptsLeft = stage.attempts;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
  }
  onPull(): void {
    if (this.sub === undefined) this.pull(this.in);
    else this.sub.pull();
  }
  onDownstreamFinish(cause: unknown): void {
    this.sub?.cancel();
    this.cancelStage(cause);
  }
  onUpstreamFailure(error: unknown): void {
    if (this.attemptsLeft === 0) {
      this.failStage(error);
      return;
    }
    const next = this.stage.f(error);
    if (next === undefined) {
      this.failStage(error);
      return;
    }
    if (this.attemptsLeft > 0) this.attemptsLeft--;
    this.switchTo(next);
  }
  private switchTo(source: Graph<SourceShape<T>, unknown>): void {
    const sub = new SubSinkInlet<T>(this, 'recoverWithRetries.alternative');
    this.sub = sub;
    sub.setHandler({
      onPush: () => {
        this.push(this.out, sub.grab());
      },
      onUpstreamFinish: () => {
        this.completeStage();
      },
      onUpstreamFailure: (error: unknown) => {
        this.onUpstreamFailure(error);
      },
    });
    if (this.isAvailable(this.out)) sub.pull();
    Source.fromGraph(source).runWith(sub.sink, this.materializer);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Switches to an alternative source on failure, `attempts` times; see {@link recoverWithRetries}. */
    recoverWithRetries(
      attempts: number,
      f: (error: unknown) => Graph<SourceShape<Out>, unknown> | undefined,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('recoverWithRetries', recoverWithRetries);

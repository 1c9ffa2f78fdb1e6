import {
  Flow,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireNonNegativeDuration,
  requireNonNegativeInt,
  type Source,
  SubSourceOutlet,
  TimerGraphStageLogic,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { empty } from '../sources/empty.js';

/**
 * A substream source (the tail of `prefixAndTail`, a substream of `groupBy`, `splitWhen` or
 * `splitAfter`) was not materialized in time; that substream fails with this error.
 */
export class SubscriptionTimeoutError extends Error {
  override readonly name = 'SubscriptionTimeoutError';
  constructor(
    readonly stage: string,
    readonly timeoutMs: number,
    /** What timed out, as the message names it: 'the tail', or `substream 'groupBy.sub0'`. */
    readonly substream = 'the tail',
  ) {
    super(`${stage}: cannot wait for ${substream}: it was not materialized within ${timeoutMs} ms`);
  }
}

/**
 * Emits once: the first `n` elements (fewer if upstream completes first) and a source of the rest
 * of the stream. The tail source can be materialized once; until it is, and while it
 * backpressures, upstream is not pulled. A tail not materialized (and pulled) within
 * `subscriptionTimeoutMs` (default 5000, on the materializer's clock) fails with
 * {@link SubscriptionTimeoutError} and upstream is cancelled, so an unused tail leaks nothing.
 * - Emits when: `n` elements arrived (or upstream completed) and downstream pulls.
 * - Backpressures when: downstream backpressures, or the tail source backpressures.
 * - Completes when: the pair was emitted (the tail then completes with upstream).
 * - Cancels when: downstream cancels before the pair was emitted, or the tail is cancelled.
 * @throws RangeError if `n` is not a non-negative integer or `subscriptionTimeoutMs` is negative.
 * @see flatMapPrefix
 */
export function prefixAndTail<T>(
  n: number,
  subscriptionTimeoutMs = 5_000,
): Flow<T, [T[], Source<T, NotUsed>], NotUsed> {
  requireNonNegativeInt('prefixAndTail', 'n', n);
  requireNonNegativeDuration('prefixAndTail', 'subscriptionTimeoutMs', subscriptionTimeoutMs);
  return Flow.fromGraph(new PrefixAndTail<T>(n, subscriptionTimeoutMs));
}

class PrefixAndTail<T> extends GraphStage<FlowShape<T, [T[], Source<T, NotUsed>]>> {
  readonly shape = new FlowShape(
    new Inlet<T>('prefixAndTail.in'),
    new Outlet<[T[], Source<T, NotUsed>]>('prefixAndTail.out'),
  );
  constructor(
    readonly n: number,
    readonly subscriptionTimeoutMs: number,
  ) {
    super('prefixAndTail');
  }
  createLogic(): GraphStageLogic {
    return new PrefixAndTailLogic(this);
  }
}

class PrefixAndTailLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<[T[], Source<T, NotUsed>]>;
  private readonly prefix: T[] = [];
  /** The tail, once the pair was emitted. */
  private tail: SubSourceOutlet<T> | undefined = undefined;
  constructor(private readonly stage: PrefixAndTail<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPull(): void {
    if (this.prefix.length < this.stage.n) this.pull(this.in);
    else this.emitPair();
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.tail !== undefined) {
      this.tail.push(element);
      return;
    }
    this.prefix.push(element);
    if (this.prefix.length < this.stage.n) this.pull(this.in);
    else this.emitPair();
  }
  onUpstreamFinish(): void {
    if (this.tail !== undefined) {
      this.tail.complete();
      this.completeStage();
    } else {
      this.emit(this.out, [this.prefix, empty<T>()]);
      this.completeStage();
    }
  }
  onUpstreamFailure(error: unknown): void {
    this.tail?.fail(error);
    this.failStage(error);
  }
  private emitPair(): void {
    const tail = new SubSourceOutlet<T>(this, 'prefixAndTail.tail');
    this.tail = tail;
    tail.setHandler({
      onPull: () => {
        this.cancelTimer('tail');
        this.pull(this.in);
      },
      onDownstreamFinish: () => {
        this.completeStage();
      },
    });
    this.push(this.out, [this.prefix, tail.source as Source<T, NotUsed>]);
    this.complete(this.out);
    this.scheduleOnce('tail', this.stage.subscriptionTimeoutMs);
  }
  protected onTimer(): void {
    this.tail?.fail(new SubscriptionTimeoutError(this.label, this.stage.subscriptionTimeoutMs));
    this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits the first `n` elements and a source of the rest; see {@link prefixAndTail}. */
    prefixAndTail(
      n: number,
      subscriptionTimeoutMs?: number,
    ): Repr<Kind, In, [Out[], Source<Out, NotUsed>], Mat>;
  }
}
addFlowOperator('prefixAndTail', prefixAndTail);

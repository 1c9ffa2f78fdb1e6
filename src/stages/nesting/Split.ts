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
  requireFunction,
  requireNonNegativeDuration,
  type Source,
  FlowChain,
  SubSourceOutlet,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { SubscriptionTimeoutError } from './prefixAndTail.js';
import { SplitMerge } from './splitMerge.js';
import type { SubFlowClosing } from './SubFlow.js';

/** @internal Checks the settings of `splitWhen` or `splitAfter` and builds its flow. */
export function splitFlow<T>(
  name: 'splitWhen' | 'splitAfter',
  p: (element: T) => boolean,
  subscriptionTimeoutMs: number,
): Flow<T, Source<T, NotUsed>, NotUsed> {
  requireFunction(name, 'p', p);
  requireNonNegativeDuration(name, 'subscriptionTimeoutMs', subscriptionTimeoutMs);
  return Flow.fromGraph(new Split(name, p, subscriptionTimeoutMs));
}

/**
 * @internal The fused form of `splitWhen(p)` or `splitAfter(p)` closed by `closing`, when the
 * per-substream flow is a plain fused chain (see {@link SplitMerge}); `undefined` otherwise. The
 * substreams of the fused form run at once, so the subscription timeout cannot fire.
 */
export function fuseSplit(
  name: 'splitWhen' | 'splitAfter',
): (
  p: (element: unknown) => boolean,
) => (
  perSubstream: Flow<unknown, unknown, unknown>,
  closing: SubFlowClosing,
) => Flow<unknown, unknown, NotUsed> | undefined {
  return (p) => (perSubstream, closing) => {
    const chain = FlowChain.of(perSubstream);
    return chain === undefined
      ? undefined
      : Flow.fromGraph(new SplitMerge(name, p, chain, closing));
  };
}

/**
 * @internal The stage behind `splitWhen` ('when': an element matching `p` starts a new
 * substream) and `splitAfter` ('after': an element matching `p` ends the current substream).
 * One substream is open at a time; when it is cancelled, elements are dropped until the next
 * split opens a new one. A substream not pulled within `subscriptionTimeoutMs` of being emitted
 * fails with {@link SubscriptionTimeoutError} and counts as cancelled.
 */
export class Split<T> extends GraphStage<FlowShape<T, Source<T, NotUsed>>> {
  readonly shape: FlowShape<T, Source<T, NotUsed>>;
  constructor(
    readonly name: 'splitWhen' | 'splitAfter',
    readonly p: (element: T) => boolean,
    readonly subscriptionTimeoutMs: number,
  ) {
    super(name);
    this.shape = new FlowShape(
      new Inlet<T>(`${name}.in`),
      new Outlet<Source<T, NotUsed>>(`${name}.out`),
    );
  }
  createLogic(): GraphStageLogic {
    return new SplitLogic(this);
  }
}

class SplitLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<Source<T, NotUsed>>;
  private readonly after: boolean;
  /** The open substream; undefined before the first element and after a split-after. */
  private current: SubSourceOutlet<T> | undefined = undefined;
  /** The element waiting for the current substream to pull. */
  private pending: T | undefined = undefined;
  /** Complete the current substream once the pending element went out (split-after). */
  private endAfterPending = false;
  /** The current substream was made but not yet emitted downstream. */
  private unemitted = false;
  /** The substream emitted and not yet pulled, whose subscription timer runs (at most one). */
  private awaitingSubscription: SubSourceOutlet<T> | undefined = undefined;
  private nextId = 0;
  constructor(private readonly stage: Split<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.after = stage.name === 'splitAfter';
    this.setHandlers(this.in, this.out, this);
  }
  onPull(): void {
    if (this.unemitted && this.current !== undefined) {
      this.unemitted = false;
      this.emitSubstream(this.current);
    }
    this.tryPullUpstream();
  }
  onDownstreamFinish(cause: unknown): void {
    // The open substream goes on until it ends; no new one is opened.
    if (this.current === undefined || this.current.isClosed()) this.cancelStage(cause);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const matches = this.stage.p(element);
    if (this.current === undefined || (!this.after && matches)) {
      this.current?.complete();
      if (this.isClosed(this.out)) {
        this.completeStage();
        return;
      }
      this.open();
    }
    const sub = this.current as SubSourceOutlet<T>; // opened above when missing
    const ends = this.after && matches;
    if (sub.isClosed()) {
      // Cancelled substream: drop until the next split.
      if (ends) this.current = undefined;
      this.tryPullUpstream();
    } else if (sub.isAvailable()) {
      sub.push(element);
      if (ends) this.endCurrent();
      this.tryPullUpstream();
    } else {
      this.pending = element;
      this.endAfterPending = ends;
    }
  }
  onUpstreamFinish(): void {
    if (this.pending === undefined) {
      this.current?.complete();
      this.completeStage();
    }
  }
  onUpstreamFailure(error: unknown): void {
    this.current?.fail(error);
    this.failStage(error);
  }
  private open(): void {
    const sub = new SubSourceOutlet<T>(this, `${this.stage.name}.sub${this.nextId++}`);
    sub.setHandler({
      onPull: () => {
        this.substreamPulled(sub);
      },
      onDownstreamFinish: () => {
        this.substreamCancelled(sub);
      },
    });
    this.current = sub;
    if (this.isAvailable(this.out)) this.emitSubstream(sub);
    else this.unemitted = true;
  }
  private emitSubstream(sub: SubSourceOutlet<T>): void {
    this.push(this.out, sub.source as Source<T, NotUsed>);
    this.awaitingSubscription = sub;
    this.scheduleOnce(sub, this.stage.subscriptionTimeoutMs);
  }
  protected onTimer(key: unknown): void {
    const sub = key as SubSourceOutlet<T>; // only substreams are timer keys
    this.awaitingSubscription = undefined;
    // Failing the port closes it, so its own cancel signal will not arrive: handle it here.
    sub.fail(
      new SubscriptionTimeoutError(
        this.label,
        this.stage.subscriptionTimeoutMs,
        `substream '${sub.name}'`,
      ),
    );
    this.substreamCancelled(sub);
  }
  /** Stops the subscription timer of `sub` on its first pull or cancel. */
  private subscribed(sub: SubSourceOutlet<T>): void {
    this.awaitingSubscription = undefined;
    this.cancelTimer(sub);
  }
  private endCurrent(): void {
    this.current?.complete();
    this.current = undefined;
    if (this.isClosed(this.out)) this.completeStage();
  }
  private substreamPulled(sub: SubSourceOutlet<T>): void {
    if (this.awaitingSubscription === sub) this.subscribed(sub);
    if (sub !== this.current || this.pending === undefined) return;
    const element = this.pending;
    this.pending = undefined;
    sub.push(element);
    if (this.endAfterPending) {
      this.endAfterPending = false;
      this.endCurrent();
    }
    if (this.isClosed(this.in)) {
      sub.complete(); // a no-op when it was ended above
      this.completeStage();
    } else this.tryPullUpstream();
  }
  private substreamCancelled(sub: SubSourceOutlet<T>): void {
    if (this.awaitingSubscription === sub) this.subscribed(sub);
    if (sub !== this.current) return;
    this.pending = undefined;
    if (this.endAfterPending) {
      this.endAfterPending = false;
      this.current = undefined;
    }
    if (this.isClosed(this.out)) this.completeStage();
    else if (this.isClosed(this.in)) this.completeStage();
    else this.tryPullUpstream();
  }
  private tryPullUpstream(): void {
    if (
      this.pending === undefined &&
      !this.unemitted &&
      !this.hasBeenPulled(this.in) &&
      !this.isClosed(this.in)
    )
      this.pull(this.in);
  }
}

import {
  Flow,
  FlowChain,
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
  requirePositiveInt,
  type Source,
  SubSourceOutlet,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { SubscriptionTimeoutError } from './prefixAndTail.js';
import { GroupByMerge } from './groupByMerge.js';
import { addSubFlowOperator, type SubFlow, type SubFlowClosing } from './SubFlow.js';

/** `groupBy` met a new key while `maxSubstreams` substreams were open. */
export class TooManySubstreamsOpenError extends Error {
  override readonly name = 'TooManySubstreamsOpenError';
  constructor(
    readonly stage: string,
    readonly maxSubstreams: number,
  ) {
    super(
      `${stage}: cannot open a substream for a new key: maxSubstreams (${maxSubstreams}) are already open`,
    );
  }
}

/**
 * Splits the stream into one substream per key. As a method (`source.groupBy(max, key)`) it
 * returns a {@link SubFlow} to shape each substream and merge them back (`mergeSubstreams`) or
 * run each into a sink (`to`); this function gives the bare flow of substreams. Once a key's
 * substream was cancelled, later elements with that key are dropped, unless
 * `allowClosedSubstreamRecreation` is set: then they open a new substream for the key. A
 * substream not materialized (and pulled) within `subscriptionTimeoutMs` of being emitted
 * (default 5000, on the materializer's clock) fails with {@link SubscriptionTimeoutError} and
 * counts as cancelled, so an unused substream does not block the others.
 * - Emits when: an element with a new key arrives (the new substream is emitted; its first
 *   element follows when it pulls).
 * - Backpressures when: the substream an element belongs to backpressures (head-of-line blocking
 *   across keys), or a new substream waits for downstream demand.
 * - Completes when: upstream completes (every substream completes with it).
 * - Cancels when: downstream cancels and no substream is open, or every substream was cancelled
 *   after downstream cancelled.
 * - Fails with {@link TooManySubstreamsOpenError} when a key would open substream
 *   `maxSubstreams + 1`.
 * @throws RangeError if `maxSubstreams` is not a positive integer or `subscriptionTimeoutMs` is
 *   negative; TypeError if `key` is not a function.
 * @see splitWhen, splitAfter
 */
export function groupBy<T, K>(
  maxSubstreams: number,
  key: (element: T) => K,
  allowClosedSubstreamRecreation = false,
  subscriptionTimeoutMs = 5_000,
): Flow<T, Source<T, NotUsed>, NotUsed> {
  requirePositiveInt('groupBy', 'maxSubstreams', maxSubstreams);
  requireFunction('groupBy', 'key', key);
  requireNonNegativeDuration('groupBy', 'subscriptionTimeoutMs', subscriptionTimeoutMs);
  return Flow.fromGraph(
    new GroupBy(maxSubstreams, key, allowClosedSubstreamRecreation, subscriptionTimeoutMs),
  );
}

class GroupBy<T, K> extends GraphStage<FlowShape<T, Source<T, NotUsed>>> {
  readonly shape = new FlowShape(
    new Inlet<T>('groupBy.in'),
    new Outlet<Source<T, NotUsed>>('groupBy.out'),
  );
  constructor(
    readonly maxSubstreams: number,
    readonly key: (element: T) => K,
    readonly allowClosedSubstreamRecreation: boolean,
    readonly subscriptionTimeoutMs: number,
  ) {
    super('groupBy');
  }
  createLogic(): GraphStageLogic {
    return new GroupByLogic(this);
  }
}

class GroupByLogic<T, K> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<Source<T, NotUsed>>;
  private readonly open = new Map<K, Substream<T, K>>();
  /** Keys whose substream was cancelled: their elements are dropped. */
  private readonly closedKeys = new Set<K>();
  /** The element waiting for its substream to pull, and that substream. */
  private pending: T | undefined = undefined;
  private pendingFor: Substream<T, K> | undefined = undefined;
  /** A new substream not yet emitted downstream (it waits for demand). */
  private unemitted: Substream<T, K> | undefined = undefined;
  private nextId = 0;
  constructor(private readonly stage: GroupBy<T, K>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPull(): void {
    const sub = this.unemitted;
    if (sub !== undefined) {
      this.unemitted = undefined;
      this.emitSubstream(sub);
    }
    this.tryPullUpstream();
  }
  onDownstreamFinish(cause: unknown): void {
    // Open substreams go on; new keys are dropped from now on.
    if (this.open.size === 0) this.cancelStage(cause);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const key = this.stage.key(element);
    let sub = this.open.get(key);
    if (sub === undefined) {
      if (this.closedKeys.has(key) || this.isClosed(this.out)) {
        this.tryPullUpstream();
        return;
      }
      if (this.open.size >= this.stage.maxSubstreams) {
        this.failStage(new TooManySubstreamsOpenError(this.label, this.stage.maxSubstreams));
        return;
      }
      sub = new Substream(this, key, new SubSourceOutlet<T>(this, `groupBy.sub${this.nextId++}`));
      this.open.set(key, sub);
      if (this.isAvailable(this.out)) this.emitSubstream(sub);
      else this.unemitted = sub;
    }
    if (sub.port.isAvailable()) {
      sub.port.push(element);
      this.tryPullUpstream();
    } else {
      this.pending = element;
      this.pendingFor = sub;
    }
  }
  onUpstreamFinish(): void {
    if (this.pendingFor === undefined) this.finish();
  }
  onUpstreamFailure(error: unknown): void {
    for (const sub of this.open.values()) sub.port.fail(error);
    this.failStage(error);
  }
  /** @internal */
  substreamPulled(sub: Substream<T, K>): void {
    if (sub.awaitingSubscription) {
      sub.awaitingSubscription = false;
      this.cancelTimer(sub);
    }
    if (this.pendingFor !== sub) return;
    const element = this.pending as T; // set with pendingFor
    this.pending = undefined;
    this.pendingFor = undefined;
    sub.port.push(element);
    if (this.isClosed(this.in)) this.finish();
    else this.tryPullUpstream();
  }
  /** @internal */
  substreamCancelled(sub: Substream<T, K>): void {
    if (sub.awaitingSubscription) {
      sub.awaitingSubscription = false;
      this.cancelTimer(sub);
    }
    this.open.delete(sub.key);
    if (!this.stage.allowClosedSubstreamRecreation) this.closedKeys.add(sub.key);
    if (this.pendingFor === sub) {
      this.pending = undefined;
      this.pendingFor = undefined;
    }
    if (this.isClosed(this.out) && this.open.size === 0) this.completeStage();
    else if (this.isClosed(this.in)) {
      if (this.pendingFor === undefined) this.finish();
    } else this.tryPullUpstream();
  }
  /** The subscription timer, keyed by the substream, runs from here until its first pull. */
  private emitSubstream(sub: Substream<T, K>): void {
    this.push(this.out, sub.port.source as Source<T, NotUsed>);
    sub.awaitingSubscription = true;
    this.scheduleOnce(sub, this.stage.subscriptionTimeoutMs);
  }
  protected onTimer(key: unknown): void {
    const sub = key as Substream<T, K>; // only substreams are timer keys
    sub.awaitingSubscription = false;
    // Failing the port closes it, so its own cancel signal will not arrive: handle it here.
    sub.port.fail(
      new SubscriptionTimeoutError(
        this.label,
        this.stage.subscriptionTimeoutMs,
        `substream '${sub.port.name}'`,
      ),
    );
    this.substreamCancelled(sub);
  }
  private tryPullUpstream(): void {
    if (
      this.pendingFor === undefined &&
      this.unemitted === undefined &&
      !this.hasBeenPulled(this.in) &&
      !this.isClosed(this.in)
    )
      this.pull(this.in);
  }
  /** Completes every substream and the stage; called once no element waits for its substream. */
  private finish(): void {
    for (const sub of this.open.values()) sub.port.complete();
    this.completeStage();
  }
}

// One per substream (not per element): routes the sub-port's signals to the logic.
class Substream<T, K> implements OutHandler {
  /** Emitted downstream, not yet pulled: its subscription timer runs (checked on each pull). */
  awaitingSubscription = false;
  constructor(
    private readonly logic: GroupByLogic<T, K>,
    readonly key: K,
    readonly port: SubSourceOutlet<T>,
  ) {
    port.setHandler(this);
  }
  onPull(): void {
    this.logic.substreamPulled(this);
  }
  onDownstreamFinish(): void {
    this.logic.substreamCancelled(this);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOpsMat<In, Out, Mat, Kind> {
    /** One substream per key; see {@link groupBy}. */
    groupBy<K>(
      maxSubstreams: number,
      key: (element: Out) => K,
      allowClosedSubstreamRecreation?: boolean,
      subscriptionTimeoutMs?: number,
    ): SubFlow<Out, Mat, Kind, In>;
  }
}
addSubFlowOperator(
  'groupBy',
  groupBy,
  (maxSubstreams: number) => maxSubstreams,
  (
    maxSubstreams: number,
    key: (element: unknown) => unknown,
    allowClosedSubstreamRecreation = false,
  ) =>
    (perSubstream: Flow<unknown, unknown, unknown>, closing: SubFlowClosing) => {
      // Concatenated substreams of groupBy wait for each other (and deadlock): not fused.
      const chain = closing === 'mergeSubstreams' ? FlowChain.of(perSubstream) : undefined;
      return chain === undefined
        ? undefined
        : Flow.fromGraph(
            new GroupByMerge(maxSubstreams, key, allowClosedSubstreamRecreation, chain),
          );
    },
);

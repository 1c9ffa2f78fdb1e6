import type { AsyncCallback } from './AsyncCallback.js';
import type { ExpansionStack } from './ExpansionStack.js';
import type { FusedLogic } from './FusedLogic.js';
import type { GraphInterpreter } from './GraphInterpreter.js';
import { HostedStep } from './HostedStep.js';

/**
 * @internal The classic stages hosted in one fused chain (`HostedStep.ts`), upstream first, and
 * what the chain does for them: the cancels that travel between them, their feeding while the
 * expansions above them wait, and the wake after they signalled outside the chain's turn.
 */
export class ChainHosts {
  readonly list: HostedStep[] = [];
  /** A step upstream of every hosted stage cancelled its upstream: the source runs no more. */
  sourceCancelled = false;
  private waker: AsyncCallback<undefined> | undefined = undefined;
  private wakeDue = false;

  constructor(
    private readonly chain: FusedLogic,
    readonly stack: ExpansionStack,
  ) {}

  /** Adds a hosted stage, keeping the list in chain order. */
  add(host: HostedStep): void {
    const list = this.list;
    let at = list.length;
    while (at > 0 && (list[at - 1] as HostedStep).index > host.index) at--;
    list.splice(at, 0, host);
  }

  /** A stage is hosted downstream of the stage at `index` (source first). */
  anyAfter(index: number): boolean {
    const list = this.list;
    return list.length !== 0 && (list[list.length - 1] as HostedStep).index > index;
  }

  /** The nearest hosted stage upstream of `index`, if any. */
  before(index: number): HostedStep | undefined {
    let up: HostedStep | undefined;
    for (const host of this.list) if (host.index < index) up = host;
    return up;
  }

  /**
   * Stops what feeds the stage at `index`: the nearest hosted stage upstream of it is cancelled;
   * without one, the source runs no more.
   */
  cancelUpstreamOf(index: number, cause: unknown): void {
    const up = this.before(index);
    if (up !== undefined) up.cancelFromDownstream(cause);
    else this.sourceCancelled = true;
  }

  /**
   * The newest expansion, a hosted stage, runs the source in a burst when every expansion below it
   * is a hosted stage that passes elements through (`readyToStream`): each element then crosses
   * them all inside its arrival. A throw is taken by the nearest of them downstream of the step
   * that threw, as its upstream's failure (the stages upstream of that step are the ones passing
   * an element on), or fails the chain when it came after the last. False when no burst ran.
   */
  burst(max: number): boolean {
    const streaming: HostedStep[] = [];
    for (const e of this.stack.list) {
      if (!(e instanceof HostedStep)) return false;
      streaming.push(e);
    }
    const depth = streaming.length;
    for (let i = depth - 2; i >= 0; i--) {
      if (!(streaming[i] as HostedStep).readyToStream()) return false; // non-null: in range
    }
    for (let i = 0; i < depth; i++) (streaming[i] as HostedStep).beginStream(i, depth);
    try {
      return this.chain.feedBurst(max);
    } catch (error) {
      const taker = streaming.find((host) => !host.delivering);
      if (taker === undefined) throw error;
      taker.upstreamFailed(error);
      return true;
    } finally {
      for (const host of streaming) host.endStream();
    }
  }

  /** How many expansions run: a hosted stage sees a step downstream start one. */
  get expansionDepth(): number {
    return this.stack.list.length;
  }

  /**
   * Runs what is upstream of `host` once, as a `'feed'` it reported would; false when nothing could
   * run at once.
   */
  feed(host: HostedStep): boolean {
    const expansions = this.stack.list;
    let at = expansions.length - 1;
    if (expansions[at] !== host) at = expansions.lastIndexOf(host);
    return at >= 0 && this.stack.feed(at);
  }

  /** The nearest hosted stage downstream of `index` still on the expansion stack, if any. */
  runningAfter(index: number): HostedStep | undefined {
    for (const host of this.list) if (host.index > index && host.running) return host;
    return undefined;
  }

  /** Signals that hosted stages' sub-streams, timers or callbacks raised wait in the interpreter. */
  signalsPending(): boolean {
    return (this.chain.rt.interpreter as GraphInterpreter).hasPendingSignals();
  }

  /**
   * A hosted stage pulls its inlet whatever its downstream does (a `groupBy` for a substream that
   * asked): while the expansions above it wait, the chain feeds it. True when one was fed.
   */
  feedWaiting(): boolean {
    const list = this.list;
    if (list.length === 0 || this.signalsPending()) return false;
    const stack = this.stack;
    const expansions = stack.list;
    for (let k = list.length - 1; k >= 0; k--) {
      const host = list[k] as HostedStep; // non-null: index in range
      if (!host.running || !host.wantsFeed()) continue;
      const at = expansions.lastIndexOf(host);
      if (at >= 0 && at < expansions.length - 1 && stack.feed(at)) return true;
    }
    return false;
  }

  /**
   * A hosted stage signalled outside the chain's turn (from a timer or an async callback): the
   * chain drives it in an event of its own, so a throw fails the chain, not the hosted stage.
   */
  requestWake(): void {
    if (this.wakeDue || this.chain.isFinished) return;
    this.wakeDue = true;
    this.waker ??= this.chain.getAsyncCallback(() => {
      this.wakeDue = false;
      this.chain.wake();
    });
    this.waker.invoke(undefined);
  }
}

import {
  Connection,
  type ConnectionHost,
  Empty,
  InClosed,
  InFailed,
  InReady,
  OutClosed,
  OutReady,
  Pulling,
} from './Connection.js';
import { deliverCancel, deliverUpstreamEnd } from './closeSignals.js';
import { GraphBuildError, NoMoreElementsNeeded } from './errors.js';
import type { FusedLogic } from './FusedLogic.js';
import type { GraphInterpreter } from './GraphInterpreter.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { InHandler, OutHandler } from './handlers.js';
import type { Inlet } from './Inlet.js';
import type { Outlet } from './Outlet.js';
import type { ExpansionState, StepSink } from './StepSink.js';

/** The chain's side of a hosted stage's connections: the step delivers them, not these handlers. */
const chainSide: InHandler & OutHandler = {
  onPush() {
    throw new Error('a hosted connection is delivered by its step');
  },
  onPull() {
    throw new Error('a hosted connection is delivered by its step');
  },
};

/**
 * @internal The ports of a classic stage hosted in a fused chain, which `HostedStep.ts` drives: its
 * two connections, delivered by the chain rather than the interpreter, and the completions,
 * failures and cancels that cross them. Only `HostedStep.ts` imports it, so this base class is
 * evaluated before the class that extends it.
 */
export abstract class HostedPorts implements ConnectionHost {
  protected readonly in: Connection;
  protected readonly out: Connection;
  /** The chain called in: the logic's signals are read once the call returns. */
  protected inTurn = false;
  /** On the chain's expansion stack. */
  running = false;
  /** The logic's interpreter: signals it holds for the logic's sub-streams go before the chain. */
  protected interpreter: GraphInterpreter | undefined = undefined;
  /** Upstream's completion or failure was delivered, or the logic's cancel was passed upstream. */
  protected upstreamEnded = false;
  /** The logic's cancel of its inlet was passed upstream. */
  protected inletSettled = false;
  /** The logic's completion or failure of its outlet was passed downstream. */
  protected outletSettled = false;
  /**
   * The logic pulled its inlet while its outlet was pulled, before it pushed: upstream answers
   * before downstream pulls again, as the interpreter's queue would have it (`expand` pulls first
   * so a new element replaces its iterator before the next repeat).
   */
  protected pulledFirst = false;

  constructor(
    protected readonly logic: GraphStageLogic,
    readonly index: number,
    protected readonly downstream: StepSink<unknown>,
    protected readonly fused: FusedLogic,
    upstreamOutlet: Outlet<unknown>,
    downstreamInlet: Inlet<never>,
  ) {
    const inlet = logic.shape.inlets[0] as Inlet<never>; // non-null: a hosted stage has one inlet
    const outlet = logic.shape.outlets[0] as Outlet<unknown>; // and one outlet
    const inHandler = logic.inHandlers[inlet.id];
    const outHandler = logic.outHandlers[outlet.id];
    for (const [handler, name] of [
      [inHandler, inlet.name],
      [outHandler, outlet.name],
    ] as const) {
      if (handler === undefined) {
        throw new GraphBuildError(
          `${logic.label}: port '${name}' has no handler; call setHandler in the logic's constructor`,
        );
      }
    }
    this.in = new Connection(
      -1,
      logic,
      inlet,
      inHandler as InHandler,
      this.fused,
      upstreamOutlet,
      chainSide,
    );
    this.out = new Connection(
      -1,
      this.fused,
      downstreamInlet,
      chainSide,
      logic,
      outlet,
      outHandler as OutHandler,
    );
    this.in.host = this;
    this.out.host = this;
    logic.rt.inConns[inlet.id] = this.in;
    logic.rt.outConns[outlet.id] = this.out;
  }

  /** A push, pull, cancel or completion of the logic. */
  hostSignal(c: Connection): void {
    // Inside a call from the chain the caller reads the ports when the handler returns.
    if (!this.inTurn) this.fused.hosts.requestWake();
    // A pull of the inlet while the outlet is pulled and not yet pushed: the interpreter would
    // deliver it before downstream's next pull, which comes with the push. A pull made after the
    // push comes after that pull.
    else if (c === this.in && (this.out.state & OutReady) !== 0) this.pulledFirst = true;
  }

  /** The logic pulled its inlet and upstream is open: the chain feeds it even while below others. */
  wantsFeed(): boolean {
    return !this.upstreamEnded && (this.in.state & (Pulling | InClosed)) === Pulling;
  }

  onComplete(): void {
    if (this.upstreamEnded) return;
    this.upstreamEnded = true;
    this.closeInlet(undefined, false);
    if (!this.fused.isDriving) this.fused.hosts.requestWake();
  }

  /** Something upstream threw while the chain fed this step: the logic sees its upstream fail. */
  upstreamFailed(error: unknown): void {
    if (this.upstreamEnded) return;
    this.upstreamEnded = true;
    this.fused.hosts.cancelUpstreamOf(this.index, error);
    this.closeInlet(error, true);
  }

  /** A step or hosted stage downstream cancelled: the logic's outlet is cancelled. */
  cancelFromDownstream(cause: unknown): void {
    const c = this.out;
    const s = c.state;
    if ((s & OutClosed) !== 0) return;
    c.cause = cause;
    c.slot = Empty;
    this.outletSettled = true;
    const was = this.inTurn;
    this.inTurn = true;
    try {
      deliverCancel(c, s | InClosed);
    } catch (error) {
      this.handlerFailed(error);
    } finally {
      this.inTurn = was;
    }
    this.afterRun();
    if (!this.inletSettled && (this.in.state & InClosed) !== 0) this.settleInlet();
    if (!this.fused.isDriving) this.fused.hosts.requestWake();
  }

  /**
   * The logic's sub-streams, timers or callbacks raised signals in the interpreter: they go before
   * the chain runs on, as they would if the logic's own signals went through the interpreter.
   */
  protected signalsPending(): boolean {
    return (this.interpreter as GraphInterpreter).hasPendingSignals(); // set at start
  }

  /** What this step reports once the logic's outlet is closed and passed on. */
  protected closedState(emitted: number): ExpansionState {
    const i = this.in.state;
    if ((i & InClosed) !== 0) {
      this.running = false;
      return 'done';
    }
    if ((i & Pulling) !== 0) return 'feed';
    return emitted !== 0 ? 'more' : 'wait';
  }

  /** The logic failed its outlet. */
  protected failDownstream(error: unknown): void {
    // A hosted stage downstream takes it as its upstream's failure: it runs this step in its feed.
    if (this.fused.hosts.runningAfter(this.index) !== undefined) throw error;
    this.fused.failStage(error);
  }

  /** The logic cancelled its inlet: what feeds it stops. */
  protected settleInlet(): void {
    this.inletSettled = true;
    if (this.upstreamEnded) return;
    this.upstreamEnded = true;
    this.fused.hosts.cancelUpstreamOf(this.index, this.in.cause);
  }

  /** Delivers upstream's completion, or its failure, to the logic's inlet. */
  protected closeInlet(cause: unknown, failed: boolean): void {
    const c = this.in;
    const s = c.state;
    if ((s & InClosed) !== 0) return;
    if (failed) c.cause = cause;
    const was = this.inTurn;
    this.inTurn = true;
    try {
      deliverUpstreamEnd(c, failed ? s | OutClosed | InFailed : s | OutClosed);
    } catch (error) {
      this.handlerFailed(error);
    } finally {
      this.inTurn = was;
    }
    this.afterRun();
  }

  /** The chain failed: the logic's outlet is cancelled with the error, and its inlet fails. */
  onError(error: unknown): void {
    this.stopLogic(error, true);
  }

  /** The chain stopped: whatever of the logic is still open closes. */
  onStop(): void {
    this.running = false;
    this.stopLogic(NoMoreElementsNeeded.instance, false);
  }

  protected stopLogic(cause: unknown, failed: boolean): void {
    if (this.logic.rt.stopped) return;
    this.cancelFromDownstream(cause);
    if (this.upstreamEnded) return;
    this.upstreamEnded = true;
    this.closeInlet(failed ? cause : undefined, failed);
  }

  /** Flips the outlet (in state `s`, neither pulled nor pushed) to pulled and calls `onPull`. */
  protected pullOutlet(s: number): void {
    const out = this.out;
    out.state = s ^ (InReady | OutReady);
    const was = this.inTurn;
    this.inTurn = true;
    try {
      out.outHandler.onPull();
    } catch (error) {
      this.handlerFailed(error);
    } finally {
      this.inTurn = was;
    }
    this.afterRun();
  }

  protected handlerFailed(error: unknown): void {
    (this.logic.rt.interpreter as GraphInterpreter).handlerFailed(this.logic, error);
  }

  protected afterRun(): void {
    const rt = this.logic.rt;
    if (rt.openPorts <= 0) (rt.interpreter as GraphInterpreter).afterRun(rt);
  }
}

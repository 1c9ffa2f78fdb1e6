import {
  Connection,
  type ConnectionHost,
  Empty,
  InClosed,
  InFailed,
  InReady,
  OutClosed,
  OutReady,
  PullStartFlip,
  Pulling,
  PushEndFlip,
  Pushing,
} from './Connection.js';
import { deliverCancel, deliverUpstreamEnd } from './closeSignals.js';
import { GraphBuildError, NoMoreElementsNeeded } from './errors.js';
import { ChainContext } from './fusedChainParts.js';
import type { FusedLogic } from './FusedLogic.js';
import type { GraphInterpreter } from './GraphInterpreter.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { InHandler, OutHandler } from './handlers.js';
import type { Inlet } from './Inlet.js';
import type { Outlet } from './Outlet.js';
import type { ExpansionState, StepContext, StepExpansion, StepSink } from './StepSink.js';

/*
 * Hosting, the materializer's answer to "a stage written with onPush/onPull pays for the
 * interpreter": a classic one-in, one-out stage between fusable stages, in a chain that runs from a
 * fusable source to a fusable sink, becomes a step of that chain. Its logic is the user's, unchanged
 * (handlers, timers, async callbacks, emit, sub-streams); only its two connections are delivered by
 * the step instead of the interpreter. The step is a feeding expansion (StepSink.ts): each demand
 * calls the logic's onPull, its pull of the inlet reports 'feed' and the chain runs upstream once,
 * the element comes in as onPush, and its push goes straight on to the next step. A port signal is
 * a flip of the connection's state bits, read when the chain next drives the step.
 */

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
 * @internal A classic stage in a fused chain: what the chain's wiring asks of a flow stage, made by
 * the materializer around a logic it created (so the stage's materialized value is kept).
 */
export class HostedFlow {
  readonly shape: { readonly out: Outlet<unknown> };
  constructor(
    private readonly logic: GraphStageLogic,
    /** The stage's position in the chain, source first. */
    private readonly index: number,
    private readonly upstreamOutlet: Outlet<unknown>,
    private readonly downstreamInlet: Inlet<never>,
  ) {
    this.shape = { out: logic.shape.outlets[0] as Outlet<unknown> }; // non-null: one outlet
  }

  createStep(downstream: StepSink<unknown>, context: StepContext): StepSink<unknown> {
    return new HostedStep(
      this.logic,
      this.index,
      downstream,
      context,
      this.upstreamOutlet,
      this.downstreamInlet,
    );
  }
}

/** @internal The step that runs a hosted logic: see the comment at the top of this file. */
export class HostedStep implements StepSink<unknown>, StepExpansion, ConnectionHost {
  private readonly in: Connection;
  private readonly out: Connection;
  private readonly fused: FusedLogic;
  /** The chain called in: the logic's signals are read once the call returns. */
  private inTurn = false;
  /** On the chain's expansion stack. */
  running = false;
  /** The logic's interpreter: signals it holds for the logic's sub-streams go before the chain. */
  private interpreter: GraphInterpreter | undefined = undefined;
  /** Upstream's completion or failure was delivered, or the logic's cancel was passed upstream. */
  private upstreamEnded = false;
  /** The logic's cancel of its inlet was passed upstream. */
  private inletSettled = false;
  /** The logic's completion or failure of its outlet was passed downstream. */
  private outletSettled = false;
  /**
   * The logic pulled its inlet while its outlet was pulled, before it pushed: upstream answers
   * before downstream pulls again, as the interpreter's queue would have it (`expand` pulls first
   * so a new element replaces its iterator before the next repeat).
   */
  private pulledFirst = false;
  /** In a burst of the source (see `streamOn`). */
  private streaming = false;
  /** Elements passed on in the current burst. */
  streamed = 0;
  /** The expansion depth when the burst started: a step downstream that expands ends it. */
  private streamDepth = 0;
  /** This step's place on the expansion stack during the burst. */
  private stackIndex = 0;
  /** `inTurn` before the burst. */
  private turnBefore = false;
  /** Passing an element downstream in a burst: a throw meanwhile is not upstream of this step. */
  delivering = false;

  constructor(
    private readonly logic: GraphStageLogic,
    readonly index: number,
    private readonly downstream: StepSink<unknown>,
    private readonly context: StepContext,
    upstreamOutlet: Outlet<unknown>,
    downstreamInlet: Inlet<never>,
  ) {
    if (!(context instanceof ChainContext)) {
      throw new Error(`${logic.label}: a classic stage is hosted only in a fused chain`);
    }
    this.fused = context.fused;
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
    this.fused.hosts.add(this);
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

  onStart(): void {
    this.interpreter = this.logic.rt.interpreter;
    this.running = true;
    this.context.expand(this);
  }

  onElement(element: unknown): void {
    const c = this.in;
    const s = c.state;
    if ((s & (Pulling | InClosed)) !== Pulling) {
      if ((s & InClosed) !== 0) return; // the logic cancelled: what was on its way is dropped
      throw new Error(`${this.logic.label}: an element reached the hosted stage without a pull`);
    }
    c.slot = element;
    c.state = s ^ PullStartFlip;
    this.pulledFirst = false;
    const was = this.inTurn;
    this.inTurn = true;
    try {
      c.inHandler.onPush();
    } catch (error) {
      this.handlerFailed(error);
    } finally {
      this.inTurn = was;
    }
    this.afterRun();
    if (this.streaming) this.streamOn();
  }

  /**
   * In a burst of the source: the element the logic pushed goes on at once and its outlet is pulled
   * again, so the next element of the burst comes straight in, with no turn of `run` in between.
   * Anything else (no push, a pull before the push, a step downstream that expands or ends the
   * chain, sub-stream signals, no pull of the inlet) closes the gate: the burst ends and `run`
   * takes the state from there.
   */
  private streamOn(): void {
    const out = this.out;
    const gate = this.context.gate;
    let s = out.state;
    if (!this.pulledFirst && (s & (Pushing | InClosed)) === Pushing && gate.open) {
      out.state = s ^ PushEndFlip;
      const element = out.slot;
      out.slot = Empty;
      this.streamed++;
      this.delivering = true;
      // What a step downstream starts goes above this step, as outside a burst.
      const stack = this.fused.hosts.stack;
      const was = stack.above(this.stackIndex);
      this.downstream.onElement(element);
      stack.restore(was);
      this.delivering = false;
      s = out.state;
      if (
        (s & (OutReady | Pushing | OutClosed)) === 0 &&
        this.fused.hosts.expansionDepth === this.streamDepth &&
        !this.signalsPending()
      ) {
        out.state = s ^ (InReady | OutReady);
        try {
          out.outHandler.onPull();
        } catch (error) {
          this.handlerFailed(error);
        }
        this.afterRun();
        if (this.wantsFeed() && (out.state & (OutReady | OutClosed)) === OutReady) return;
      }
    }
    gate.close();
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

  produce(max: number): ExpansionState {
    const was = this.inTurn;
    this.inTurn = true;
    try {
      return this.run(max);
    } finally {
      this.inTurn = was;
    }
  }

  /**
   * Emits up to `max` elements. Each turn of the loop delivers the logic's push, pulls its outlet
   * again and, when it pulled its inlet, feeds it at once (what is upstream of this step runs), so
   * an element crosses the stage in one turn rather than in two of the chain's drive loop.
   */
  private run(max: number): ExpansionState {
    const out = this.out;
    const fused = this.fused;
    const depth = fused.hosts.expansionDepth;
    let emitted = 0;
    for (;;) {
      if (!this.inletSettled && (this.in.state & InClosed) !== 0) this.settleInlet();
      let s = out.state;
      if ((s & (Pushing | InClosed)) === Pushing) {
        if (emitted >= max || (emitted !== 0 && !this.context.gate.open)) return 'more';
        out.state = s ^ PushEndFlip;
        const element = out.slot;
        out.slot = Empty;
        emitted++;
        this.downstream.onElement(element);
        // A step downstream started an expansion (it runs first), the chain ended, or the logic's
        // sub-streams raised signals in the interpreter (they go first).
        if (fused.hosts.expansionDepth !== depth || this.signalsPending()) return 'more';
        s = out.state;
      }
      if ((s & OutClosed) !== 0) {
        if (this.outletSettled) return this.closedState(emitted);
        this.outletSettled = true;
        if ((s & InFailed) !== 0) this.failDownstream(out.cause);
        else this.downstream.onComplete();
        continue;
      }
      if ((s & (OutReady | Pushing)) === 0) {
        if (this.pulledFirst && this.wantsFeed()) {
          if (emitted >= max || this.signalsPending()) return 'more';
          // Once: if upstream has nothing at once, the outlet is pulled after all.
          this.pulledFirst = false;
          if (fused.hosts.feed(this)) continue;
        }
        // Demand: the logic's outlet is pulled.
        out.state = s ^ (InReady | OutReady);
        try {
          out.outHandler.onPull();
        } catch (error) {
          this.handlerFailed(error);
        }
        this.afterRun();
        continue;
      }
      if (!this.wantsFeed()) return emitted !== 0 ? 'more' : 'wait';
      if (emitted >= max || this.signalsPending()) return 'more';
      if (max - emitted > 1) {
        const burst = this.burst(max - emitted);
        if (burst >= 0) {
          emitted += burst;
          // As after an element passed on outside a burst (see above).
          if (fused.hosts.expansionDepth !== depth || this.signalsPending()) return 'more';
          continue;
        }
      }
      if (!fused.hosts.feed(this)) return 'feed';
    }
  }

  /** Runs the source in a burst (see `ChainHosts.burst`); -1 when it cannot now. */
  private burst(max: number): number {
    this.streamed = 0;
    return this.fused.hosts.burst(max) ? this.streamed : -1;
  }

  /**
   * Below the stage that runs a burst: whether this stage passes elements through, its outlet
   * and its inlet pulled. An outlet not pulled yet is pulled first, as `run` would next.
   */
  readyToStream(): boolean {
    const out = this.out;
    const s = out.state;
    if (!this.running || this.signalsPending()) return false;
    if ((s & (OutReady | Pushing | OutClosed)) === 0) {
      if (this.pulledFirst || (this.in.state & InClosed) !== 0) return false;
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
    return (out.state & (OutReady | Pushing | OutClosed)) === OutReady && this.wantsFeed();
  }

  /** A burst starts with this stage at `stackIndex` of a stack `depth` deep. */
  beginStream(stackIndex: number, depth: number): void {
    // In the chain's turn, as in its own `produce`: its signals are read as the burst goes.
    this.turnBefore = this.inTurn;
    this.inTurn = true;
    this.streaming = true;
    this.stackIndex = stackIndex;
    this.streamDepth = depth;
    this.delivering = false;
  }

  endStream(): void {
    this.inTurn = this.turnBefore;
    this.streaming = false;
    this.delivering = false;
  }

  /**
   * The logic's sub-streams, timers or callbacks raised signals in the interpreter: they go before
   * the chain runs on, as they would if the logic's own signals went through the interpreter.
   */
  private signalsPending(): boolean {
    return (this.interpreter as GraphInterpreter).hasPendingSignals(); // set at start
  }

  /** What this step reports once the logic's outlet is closed and passed on. */
  private closedState(emitted: number): ExpansionState {
    const i = this.in.state;
    if ((i & InClosed) !== 0) {
      this.running = false;
      return 'done';
    }
    if ((i & Pulling) !== 0) return 'feed';
    return emitted !== 0 ? 'more' : 'wait';
  }

  /** The logic failed its outlet. */
  private failDownstream(error: unknown): void {
    // A hosted stage downstream takes it as its upstream's failure: it runs this step in its feed.
    if (this.fused.hosts.runningAfter(this.index) !== undefined) throw error;
    this.fused.failStage(error);
  }

  /** The logic cancelled its inlet: what feeds it stops. */
  private settleInlet(): void {
    this.inletSettled = true;
    if (this.upstreamEnded) return;
    this.upstreamEnded = true;
    this.fused.hosts.cancelUpstreamOf(this.index, this.in.cause);
  }

  /** Delivers upstream's completion, or its failure, to the logic's inlet. */
  private closeInlet(cause: unknown, failed: boolean): void {
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

  private stopLogic(cause: unknown, failed: boolean): void {
    if (this.logic.rt.stopped) return;
    this.cancelFromDownstream(cause);
    if (this.upstreamEnded) return;
    this.upstreamEnded = true;
    this.closeInlet(failed ? cause : undefined, failed);
  }

  private handlerFailed(error: unknown): void {
    (this.logic.rt.interpreter as GraphInterpreter).handlerFailed(this.logic, error);
  }

  private afterRun(): void {
    const rt = this.logic.rt;
    if (rt.openPorts <= 0) (rt.interpreter as GraphInterpreter).afterRun(rt);
  }
}

import {
  Empty,
  InClosed,
  InFailed,
  OutClosed,
  OutReady,
  PullStartFlip,
  Pulling,
  PushEndFlip,
  Pushing,
} from './Connection.js';
import { ChainContext } from './fusedChainParts.js';
import { HostedPorts } from './HostedPorts.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
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
export class HostedStep extends HostedPorts implements StepSink<unknown>, StepExpansion {
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
    logic: GraphStageLogic,
    index: number,
    downstream: StepSink<unknown>,
    private readonly context: StepContext,
    upstreamOutlet: Outlet<unknown>,
    downstreamInlet: Inlet<never>,
  ) {
    if (!(context instanceof ChainContext)) {
      throw new Error(`${logic.label}: a classic stage is hosted only in a fused chain`);
    }
    super(logic, index, downstream, context.fused, upstreamOutlet, downstreamInlet);
    this.fused.hosts.add(this);
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
        this.pullOutlet(s);
        if (this.wantsFeed() && (out.state & (OutReady | OutClosed)) === OutReady) return;
      }
    }
    gate.close();
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
        this.pullOutlet(s);
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
      this.pullOutlet(s);
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
}

import { ChainGate, ChainResume, type OutletTail } from './fusedChainParts.js';
import type { Attributes } from './Attributes.js';
import { type Connection, Empty, pullOn } from './Connection.js';
import { ChainHosts } from './chainHosts.js';
import { NoMoreElementsNeeded } from './errors.js';
import type { FusableSink } from './FusableSink.js';
import type { FusableSource } from './FusableSource.js';
import { ExpansionStack } from './ExpansionStack.js';
import { GraphStageLogic } from './GraphStageLogic.js';
import type { InHandler, OutHandler } from './handlers.js';
import type { Inlet } from './Inlet.js';
import type { Outlet } from './Outlet.js';
import type { Shape } from './Shape.js';
import type { SourceStep, StepExpansion, StepSink } from './StepSink.js';
import { type ChainFlow, wireChain } from './wireChain.js';

/** The most elements a burst emits before the chain checks its budget and expansions again. */
const MaxBurst = 1024;

/**
 * @internal The logic of a fused chain of steps: an optional {@link FusableSource}, any number of
 * {@link FusableFlow}s, an optional {@link FusableSink}. It is the only logic class behind every
 * fusable stage, so the interpreter's calls into it and its own `push`/`pull`/`grab` see one hidden
 * class instead of one per operator. Its ports are the chain's open ends:
 * - inlet and outlet (flows only): each pushed element runs through the steps; if none reached the
 *   outlet, the inlet is pulled again.
 * - outlet only (source first): a pull runs the source until an element reaches the outlet.
 * - inlet only (sink last): demand is continuous, so the inlet is pulled after every element.
 * - no ports (source to sink): the whole stream is one loop that yields to the event loop every
 *   `eventsPerYield` elements.
 *
 * Running expansions ({@link StepContext.expand}) go ahead of new input: while one runs, each
 * demand drives the newest one instead of the source or the inlet.
 */
export class FusedLogic extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<never> | undefined;
  private readonly out: Outlet<unknown> | undefined;
  private readonly head: StepSink<unknown>;
  private readonly source: SourceStep | undefined;
  private readonly tail: OutletTail | undefined;
  private readonly steps: (StepSink<unknown> | SourceStep)[];
  /** @internal The sink's materialized value, when a sink ends the chain. */
  readonly sinkMat: unknown;
  /** False once the chain ended or upstream was cancelled: nothing more is fed into the steps. */
  private feeding = true;
  private finished = false;
  private readonly stack = new ExpansionStack(this);
  /** Running expansions, oldest first; the newest is driven first. */
  private readonly expansions = this.stack.list;
  /** The newest expansion reported `'wait'`: it is driven again on `wake()` or the next pull. */
  private waiting = false;
  /** `drive` is on the stack: a `wake()` from inside it has nothing to start. */
  private driving = false;
  /**
   * Upstream (the inlet, or the source in a turn that started an expansion) completed while
   * expansions ran: the steps hear of it once those are done, so no step emits into a running one.
   */
  private completionDue = false;
  /** The steps were told of upstream's completion: the chain ends once no expansion runs. */
  private headDone = false;
  /** An expansion started during the source's current turn. */
  private expandedInTurn = false;
  /** @internal Open while a burst may go on: only sink-ended chains burst. */
  readonly gate = new ChainGate();
  /** Source steps run per turn before yielding; read from the materializer in `preStart`. */
  private budget = 1;
  private readonly resumer: ChainResume;
  /** @internal The classic stages hosted in this chain (see `HostedStep.ts`). */
  readonly hosts = new ChainHosts(this, this.stack);

  /**
   * `attributes` and `labels` hold one entry per stage, source first. Without `labels` (a single
   * stage), steps use the logic's own label.
   */
  constructor(
    shape: Shape,
    source: FusableSource<unknown> | undefined,
    flows: readonly ChainFlow[],
    sink: FusableSink<unknown, unknown> | undefined,
    attributes: readonly Attributes[],
    private readonly labels: readonly string[] | undefined,
  ) {
    super(shape);
    this.in = shape.inlets[0];
    this.out = shape.outlets[0];
    const wiring = wireChain(this, this.out, source, flows, sink, attributes);
    this.head = wiring.head;
    this.source = wiring.source;
    this.sinkMat = wiring.sinkMat;
    this.tail = wiring.tail;
    this.steps = wiring.steps;
    this.resumer = new ChainResume(this.getAsyncCallback(this.resume.bind(this)));
    if (this.in !== undefined) this.setHandler(this.in, this);
    if (this.out !== undefined) this.setHandler(this.out, this);
    // A chain with one open end touches no other stage's handler: a classic neighbour's push or
    // pull reaches it at once, without a trip through the interpreter's loop.
    this.rt.takesPushAtOnce = this.out === undefined;
    this.rt.answersPullAtOnce = this.in === undefined;
  }

  /** @internal The label a step's errors use. */
  stepLabel(index: number): string {
    return this.labels?.[index] ?? this.label;
  }

  override preStart(): void {
    this.budget = this.materializer.eventsPerYield;
    // Sink first, so a step that emits at start (scan's seed) only reaches started steps; a step
    // that ended the chain at start (`take(0)`, an empty range) ends it for all.
    for (let i = this.steps.length - 1; i >= 0; i--) {
      if (!this.feeding) break;
      const step = this.steps[i] as StepSink<unknown> | SourceStep; // non-null: index in range
      this.stack.startingStep();
      if (step.onStart !== undefined) step.onStart();
    }
    this.stack.started();
    if (!this.feeding) return;
    if (this.out === undefined) {
      // No ports keep a source-to-sink loop alive between its turns: keep-going does.
      if (this.in === undefined) this.setKeepGoing(true);
      this.drive();
    } else {
      this.stack.prefetch();
    }
  }

  onPush(): void {
    const inlet = this.in as Inlet<never>; // onPush only arrives on a chain with an inlet
    // The interpreter calls this handler, its own, only with an element waiting: none of grab's
    // checks is needed, and the connection is looked up once for the element and the next pull.
    const c = this.rt.inConns[inlet.id] as Connection;
    const element = c.slot;
    c.slot = Empty;
    if (this.stack.pullFeeder === undefined) this.head.onElement(element);
    else this.stack.fedFromInlet(element, this.head);
    if (this.expansions.length !== 0) {
      this.drive();
      this.stack.prefetch();
    }
    // Pull again unless the element reached the outlet (whose next pull asks for more).
    else if (this.feeding && (this.tail === undefined || this.tail.demand) && !pullOn(c))
      this.pull(inlet);
  }

  onPull(): void {
    const tail = this.tail as OutletTail; // onPull only arrives on a chain with an outlet
    tail.demand = true;
    const source = this.source;
    if (this.expansions.length !== 0 || this.completionDue || this.headDone) {
      this.drive();
    } else if (source !== undefined && this.feeding && !this.driving) {
      // The common case, one pull answered by one turn of the source, skips the drive loop: the
      // pull is an interpreter event, which counts against the island's yield budget.
      this.expandedInTurn = false;
      this.driving = true;
      try {
        source.produce();
      } finally {
        this.driving = false;
      }
      if (this.turnLeftWork(tail)) this.drive();
    } else if (source === undefined) {
      const inlet = this.in as Inlet<never>; // a flow chain has an inlet
      // An expansion started from a timer may have emitted while the inlet was pulled.
      if (this.feeding && !this.hasBeenPulled(inlet)) this.pull(inlet);
    } else {
      this.drive();
    }
  }

  /** After one turn of the source: nothing reached the outlet (a filter dropped it), or the chain ends. */
  private turnLeftWork(tail: OutletTail): boolean {
    return tail.demand || this.completionDue || this.headDone;
  }

  onUpstreamFinish(): void {
    if (this.expansions.length === 0) this.completeHead();
    else this.completionDue = true;
    if (this.finished) return;
    // A sink chain has no port left open: only keep-going keeps it alive until they are done.
    this.setKeepGoing(true);
    if (this.tail === undefined || this.tail.demand) this.drive();
    else this.settle();
  }

  /** @internal The source completed; in a turn that started an expansion, the steps hear later. */
  sourceCompleted(): void {
    if (this.expandedInTurn) this.completionDue = true;
    else this.completeHead();
  }

  /** Tells the steps that upstream completed: the chain ends, unless a step expands at the end. */
  private completeHead(): void {
    this.headDone = true;
    this.head.onComplete();
    if (this.expansions.length === 0) this.endChain();
    else if (!this.finished) this.setKeepGoing(true);
  }

  /**
   * The chain is ending and has no demand: lets expansions with nothing left to emit finish
   * (`produce(0)`), so the completion needs no pull.
   */
  private settle(): void {
    const expansions = this.expansions;
    for (;;) {
      while (this.feeding && expansions.length !== 0) {
        const expansion = expansions[expansions.length - 1] as StepExpansion; // non-null: not empty
        const state = expansion.produce(0);
        if (state === 'feed' && expansions.length === 1 && this.completionDue) {
          // A merging step waits for upstream's completion, which needs no demand either.
          this.completionDue = false;
          this.completeHead();
          continue;
        }
        if (state !== 'done') return;
        this.stack.remove(expansion);
      }
      if (!this.feeding) return;
      if (!this.completionDue) break;
      this.completionDue = false;
      this.completeHead();
    }
    if (this.headDone) this.endChain();
  }

  onUpstreamFailure(error: unknown): void {
    this.failStage(error);
  }

  /**
   * Meets demand (a sink chain always has some): the newest expansion first, else the source, else
   * a pull of the inlet. The source runs in a loop rather than through pull signals: that loop is
   * the whole point.
   */
  private drive(): void {
    const wasDriving = this.driving;
    this.driving = true;
    try {
      this.driveLoop();
    } finally {
      this.driving = wasDriving;
    }
  }

  private driveLoop(): void {
    const tail = this.tail;
    const expansions = this.expansions;
    const source = this.source;
    const gate = this.gate;
    let n = this.budget;
    let stalls = 0;
    while (this.feeding && (tail === undefined || tail.demand)) {
      if (n <= 0) {
        this.resumer.schedule();
        return;
      }
      // A hosted stage's sub-streams, timers and callbacks raise signals in the interpreter: they
      // go first, as they would if the hosted stage's own signals went through the interpreter.
      if (this.hosts.list.length !== 0 && this.hosts.signalsPending()) {
        this.hosts.requestWake();
        return;
      }
      // A sink-ended chain always has demand, so it lets sources and expansions emit in bursts.
      // The budget counts elements: a source burst's own count; for an expansion, one plus its
      // reads of the gate (each element after its first read it).
      let max = 1;
      if (tail === undefined) {
        max = n < MaxBurst ? n : MaxBurst;
        gate.open = true;
      }
      const count = expansions.length;
      if (count !== 0) {
        const expansion = expansions[count - 1] as StepExpansion; // non-null: count > 0
        const reads = gate.reads;
        const state = expansion.produce(max);
        n -= 1 + gate.reads - reads;
        if (state === 'done') {
          this.stack.remove(expansion);
          // A completion needs no demand: pass it on now, or the end waits for one more pull.
          if (expansions.length === 0 && this.completionDue) {
            this.completionDue = false;
            this.completeHead();
          }
        } else if (state === 'wait') {
          if (this.hosts.feedWaiting()) {
            n--;
            continue;
          }
          this.waiting = true;
          return;
        } else if (state === 'feed') {
          // Nothing upstream at once: the step gets one more call to emit what it holds; asked
          // again, the chain waits for upstream or a wake.
          if (this.stack.feed(count - 1)) n--;
          else if (++stalls === 2) {
            if (!this.hosts.feedWaiting()) return;
            stalls = 0;
            n--;
          }
          continue;
        }
        stalls = 0;
      } else if (this.completionDue) {
        this.completionDue = false;
        n--;
        this.completeHead();
      } else if (this.headDone) {
        this.endChain();
        return;
      } else if (source !== undefined) {
        this.expandedInTurn = false;
        if (max > 1 && source.produceBurst !== undefined) {
          n -= source.produceBurst(max);
        } else {
          n--;
          source.produce();
        }
      } else {
        if (!this.hasBeenPulled(this.in as Inlet<never>)) this.pull(this.in as Inlet<never>); // a chain without a source has an inlet
        return;
      }
    }
    if (tail !== undefined && (this.completionDue || this.headDone)) this.settle();
  }

  /** @internal The {@link ExpansionStack}'s feed, once no expansion below the feeder could run. */
  feedFromUpstream(feeder: StepExpansion): boolean {
    if (this.completionDue) {
      this.completionDue = false;
      this.completeHead();
      return true;
    }
    if (this.headDone || this.hosts.sourceCancelled) return false;
    const source = this.source;
    if (source !== undefined) {
      this.expandedInTurn = false;
      source.produce();
      return true;
    }
    const inlet = this.in as Inlet<never>; // a chain without a source has an inlet
    if (!this.hasBeenPulled(inlet)) {
      this.stack.pullFeeder = feeder;
      this.pull(inlet);
    }
    return false;
  }

  /**
   * @internal Hosted stages, every expansion on the stack, run the source in a burst of up to `max`
   * elements (`ChainHosts.burst`); false when it cannot burst now (they are fed one element).
   */
  feedBurst(max: number): boolean {
    const source = this.source;
    if (source?.produceBurst === undefined || !this.feeding || this.completionDue) return false;
    if (this.headDone || this.hosts.sourceCancelled) return false;
    this.expandedInTurn = false;
    this.gate.open = true;
    this.stack.burst(0, source, max);
    return true;
  }

  /** @internal Without demand, a merging step may take upstream's elements ahead. */
  mayPrefetch(): boolean {
    const tail = this.tail;
    if (!this.feeding || tail === undefined || tail.demand) return false;
    return !this.completionDue && !this.headDone;
  }

  /** @internal `context.expand()` of a step. */
  expand(expansion: StepExpansion): void {
    this.stack.add(expansion);
    this.expandedInTurn = true;
    this.waiting = false;
    this.gate.open = false;
  }

  /** @internal `context.wake()` of a step. */
  wake(): void {
    // Not waiting: an expansion started outside the chain's turn (a timer) still needs a drive.
    if (this.waiting) this.waiting = false;
    else if (this.driving || this.expansions.length === 0) return;
    if (this.tail === undefined || this.tail.demand) this.drive();
  }

  private resume(): void {
    if (this.feeding && !this.waiting && (this.tail === undefined || this.tail.demand))
      this.drive();
  }

  /** @internal Ends the chain: upstream is cancelled, the outlet completes after pending emits. */
  endChain(): void {
    if (!this.finished) this.completeStage();
  }

  /** @internal `context.cancelUpstream()` of the step at `index` (source first). */
  cancelUpstream(index: number): void {
    // Upstream of a hosted stage only that part stops: the hosted stage gets the step's completion.
    if (this.hosts.anyAfter(index)) {
      this.hosts.cancelUpstreamOf(index, NoMoreElementsNeeded.instance);
      return;
    }
    if (this.out === undefined) {
      this.endChain();
      return;
    }
    this.feeding = false;
    this.gate.open = false;
    if (this.in !== undefined) this.cancel(this.in);
  }

  /** @internal The chain is being driven: what its steps change is read before the drive ends. */
  get isDriving(): boolean {
    return this.driving;
  }

  /** @internal The chain ended: nothing more runs in it. */
  get isFinished(): boolean {
    return this.finished;
  }

  override completeStage(): void {
    this.feeding = false;
    this.finished = true;
    this.gate.open = false;
    this.stack.clear();
    super.completeStage();
  }

  override failStage(error: unknown): void {
    this.feeding = false;
    this.finished = true;
    this.gate.open = false;
    this.stack.clear();
    for (const step of this.steps) {
      const flowStep = step as StepSink<unknown>; // a source step has no onError
      if (flowStep.onError !== undefined) flowStep.onError(error);
    }
    super.failStage(error);
  }

  override postStop(): void {
    this.resumer.cancel();
    for (const step of this.steps) if (step.onStop !== undefined) step.onStop();
  }
}

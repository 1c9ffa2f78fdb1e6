import type { Feedback } from './AsyncCallback.js';
import { AsyncEventQueue } from './AsyncEventQueue.js';
import { ChaseRing, ChaseSize } from './ChaseRing.js';
import { deliverCancel, deliverUpstreamEnd } from './closeSignals.js';
import {
  type Connection,
  InClosed,
  OutClosed,
  PullEndFlip,
  Pulling,
  PushEndFlip,
  Pushing,
} from './Connection.js';
import { StreamDetachedError } from './errors.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { LogicRuntime } from './LogicRuntime.js';
import type { Materializer } from './Materializer.js';
import { SignalQueue } from './SignalQueue.js';

/**
 * How many signals in a row may be chased before the next one goes through the queue: chasing
 * never starves queued signals, timers or async callbacks for longer than this.
 */
const ChaseLimit = 64;

/**
 * Runs the logics of one fused island, after Pekko's `GraphInterpreter`. Handlers never nest: a
 * `push` or `pull` made inside a handler only flips the connection's state bits and leaves the
 * connection to be "chased" in a {@link ChaseRing}. As soon as the handler returns, the loop runs
 * the receiving stages' handlers, oldest signal first, with no queue and no nested call, so the
 * stack stays flat however long the chain. A fused chain with one open end (a sink chain, or a
 * source chain pulled by a stage with one inlet) is answered inside the `push` or `pull` itself:
 * its handler runs only steps. A signal that finds no room, or comes after {@link ChaseLimit}
 * chased ones in a row, goes into the {@link SignalQueue}, and so do completions and cancels;
 * while anything is queued nothing more is chased, so a queued signal is never overtaken by a newer
 * one. After `eventsPerYield` events (queued or chased) the interpreter yields to the Node event
 * loop (`setImmediate`), so a long synchronous stream never starves timers or sockets.
 */
export class GraphInterpreter {
  readonly logics: GraphStageLogic[] = [];
  /** Signals waiting their turn, in rounds; nothing is chased while one waits. */
  private readonly queue = new SignalQueue();
  /** Pushes and pulls made by the handlers that ran, delivered as soon as the handler returns. */
  private readonly chased = new ChaseRing();
  /** Signals that may still be chased before one goes through the queue. */
  private chaseLeft = 0;
  private readonly external = new AsyncEventQueue();
  /** Queued signals older than the oldest outside event: they run before it. */
  private queuedAhead = 0;
  /** @internal True while a handler of this island runs (see `subFusing.ts`). */ running = false;
  /** Events left before the next yield, counted by `execute` and by every chased signal. */
  private budget: number;
  private live = 0;
  private yieldHandle: NodeJS.Immediate | undefined = undefined;
  private readonly resume = (): void => {
    this.yieldHandle = undefined;
    this.execute();
  };
  /** True once every logic has stopped. */
  isFinished = false;

  constructor(
    readonly materializer: Materializer,
    private readonly eventsPerYield: number,
    private readonly onFinished: (interpreter: GraphInterpreter) => void,
  ) {
    this.budget = eventsPerYield;
  }

  /** Adds a logic to this island. */
  add(logic: GraphStageLogic): void {
    logic.rt.interpreter = this;
    this.logics.push(logic);
    this.live++;
  }

  /** Runs every `preStart` (or a joining sub-stream's), then the events they caused. */
  start(all: readonly GraphStageLogic[] = this.logics): void {
    // A sub-stream that joins from a preStart is started by its own call: only these are ours.
    const logics = all === this.logics ? all.slice() : all;
    // Raised signals wait until every logic has started: no stage gets an event before preStart.
    const wasRunning = this.running;
    this.running = true;
    for (const logic of logics) {
      logic.rt.started = true;
      try {
        logic.preStart();
      } catch (error) {
        this.handlerFailed(logic, error);
      }
    }
    for (const logic of logics) {
      const pending = logic.pendingAsync;
      if (pending !== undefined) {
        logic.pendingAsync = undefined;
        for (const deliver of pending) deliver();
      }
    }
    this.running = wasRunning;
    for (const logic of logics) this.afterRun(logic.rt);
    if (!wasRunning) this.execute();
  }

  /** @internal Signals raised and not yet delivered: chased or queued. */
  hasPendingSignals(): boolean {
    return this.chased.count !== 0 || this.queue.size !== 0;
  }

  /** @internal A completion (`down`) or a cancel on `c`: queued behind the signals already raised. */
  signal(c: Connection, down: boolean): void {
    this.enqueue(c, down);
  }

  /** @internal A push just made on `c` (by `GraphStageLogic.push`, which checked both ends). */
  push(c: Connection): void {
    const chased = this.chased;
    const count = chased.count;
    if (count < ChaseSize && this.chaseLeft > 0) {
      this.chaseLeft--;
      // Into a fused sink, with nothing raised before it still waiting: delivered now.
      if (count === 0 && c.pushAtOnce) this.atOnce(c, true);
      else chased.add(c);
      return;
    }
    this.enqueue(c, true);
  }

  /** @internal A pull just made on `c`, both ends open. */
  pull(c: Connection): void {
    const chased = this.chased;
    const count = chased.count;
    if (count < ChaseSize && this.chaseLeft > 0) {
      this.chaseLeft--;
      // From a fused source, with nothing raised before it still waiting: answered now.
      if (count === 0 && c.pullAtOnce) this.atOnce(c, false);
      else chased.add(c);
      return;
    }
    this.enqueue(c, false);
  }

  /**
   * Runs the handler of a fused chain with one open end for the push (a sink's `onPush`) or pull (a
   * source's `onPull`) just made on `c`, inside the handler that made it.
   */
  private atOnce(c: Connection, push: boolean): void {
    const rt = push ? c.inRt : c.outRt;
    c.state ^= push ? PushEndFlip : PullEndFlip;
    this.budget--;
    try {
      if (push) c.inHandler.onPush();
      else c.outHandler.onPull();
    } catch (error) {
      this.handlerFailed(rt.logic, error);
    }
    if (rt.openPorts <= 0) this.afterRun(rt);
  }

  /** Queues a signal (`down`: a push or a completion); nothing is chased until the queue drains. */
  private enqueue(c: Connection, down: boolean): void {
    this.queue.add(c, down);
    this.chaseLeft = 0;
    // A signal from outside any handler (a logic driven by hand) still gets its events run.
    if (!this.running) this.execute();
  }

  /**
   * Delivers the chased signals, oldest first, until the handlers raise no more (once chasing
   * stops, `push` and `pull` queue instead, so the ring empties); returns how many it delivered.
   */
  private runChased(): number {
    const chased = this.chased;
    let n = 0;
    for (; chased.count !== 0; n++) {
      const c = chased.take();
      const s = c.state;
      let rt: LogicRuntime;
      // processEvent's push and pull, inlined (a call costs 10-15% more); the rest goes there.
      if ((s & (Pushing | InClosed | OutClosed)) === Pushing) {
        rt = c.inRt;
        c.state = s ^ PushEndFlip;
        try {
          c.inHandler.onPush();
        } catch (error) {
          this.handlerFailed(rt.logic, error);
        }
      } else if ((s & (Pulling | InClosed | OutClosed)) === Pulling) {
        rt = c.outRt;
        c.state = s ^ PullEndFlip;
        try {
          c.outHandler.onPull();
        } catch (error) {
          this.handlerFailed(rt.logic, error);
        }
      } else {
        this.processEvent(c);
        continue;
      }
      if (rt.openPorts <= 0) this.afterRun(rt);
    }
    return n;
  }

  /** Delivers the signal pending on `c`, whatever it is: the queue's path, which decodes the state. */
  private processEvent(c: Connection): void {
    const s = c.state;
    let rt: LogicRuntime;
    if ((s & (Pushing | InClosed | OutClosed)) === Pushing) {
      rt = c.inRt;
      c.state = s ^ PushEndFlip;
      try {
        c.inHandler.onPush();
      } catch (error) {
        this.handlerFailed(rt.logic, error);
      }
    } else if ((s & (Pulling | OutClosed | InClosed)) === Pulling) {
      rt = c.outRt;
      c.state = s ^ PullEndFlip;
      try {
        c.outHandler.onPull();
      } catch (error) {
        this.handlerFailed(rt.logic, error);
      }
    } else if ((s & (OutClosed | InClosed)) === InClosed) {
      rt = c.outRt;
      try {
        deliverCancel(c, s);
      } catch (error) {
        this.handlerFailed(rt.logic, error);
      }
    } else if ((s & (OutClosed | InClosed)) === OutClosed) {
      rt = c.inRt;
      try {
        if ((s & Pushing) !== 0) {
          // An element pushed just before completion is delivered first; the completion follows,
          // behind the signals that element raised (a zip still pairs it with the other input's).
          c.state = s ^ PushEndFlip;
          c.inHandler.onPush();
          this.enqueue(c, true);
        } else {
          deliverUpstreamEnd(c, s);
        }
      } catch (error) {
        this.handlerFailed(rt.logic, error);
      }
    } else {
      return;
    }
    this.afterRun(rt);
  }

  /** @internal Queues an async-callback or timer event for `logic` and runs it if idle. */
  dispatchAsync(
    logic: GraphStageLogic,
    handler: (value: unknown) => void,
    value: unknown,
    feedback: Feedback | undefined,
  ): void {
    if (logic.rt.stopped) {
      this.ignored(logic, feedback);
      return;
    }
    // The signals queued now were raised first (a failure on its way downstream while a stopped
    // stage's sub-streams report back): they go ahead of this event.
    if (this.external.isEmpty) this.queuedAhead = this.queue.size;
    this.external.push(logic, handler, value, feedback);
    if (!this.running && this.yieldHandle === undefined) this.execute();
  }

  private runAsync(): void {
    const queue = this.external;
    const logic = queue.logic;
    const handler = queue.handler;
    const value = queue.value;
    const feedback = queue.feedback;
    queue.drop();
    const rt = logic.rt;
    if (rt.stopped) {
      this.ignored(logic, feedback);
      return;
    }
    try {
      handler(value);
      if (feedback !== undefined) feedback.resolve();
    } catch (error) {
      if (feedback !== undefined) feedback.reject(error);
      this.handlerFailed(logic, error);
    }
    this.afterRun(rt);
  }

  /** Runs queued events, each followed by the signals it chases, until none are left or the yield budget is spent. */
  execute(budget = this.eventsPerYield): void {
    if (this.running) return;
    this.running = true;
    this.budget = budget;
    try {
      for (;;) {
        const limit = this.budget > ChaseLimit ? ChaseLimit : this.budget - 1;
        // Outside events go first: an endless stream keeps the queue busy forever, and a kill
        // switch or a timer must still get through.
        if (!this.external.isEmpty && this.queuedAhead === 0) {
          this.chaseLeft = this.queue.size === 0 ? limit : 0;
          this.runAsync();
        } else if (this.queue.size !== 0) {
          if (this.queuedAhead > 0) this.queuedAhead--;
          const c = this.queue.take();
          this.chaseLeft = this.queue.size === 0 ? limit : 0;
          this.processEvent(c);
        } else {
          break;
        }
        this.budget -= 1 + this.runChased();
        if (this.budget <= 0) {
          const hasWork = this.queue.size !== 0 || !this.external.isEmpty;
          if (hasWork && this.yieldHandle === undefined && !this.isFinished) {
            this.yieldHandle = setImmediate(this.resume);
          }
          break;
        }
      }
    } finally {
      // Outside a turn nothing is chased: a signal raised there is queued and runs in order.
      this.chaseLeft = 0;
      this.running = false;
    }
  }

  /** @internal */ afterRun(rt: LogicRuntime): void {
    if (!rt.stopped && rt.openPorts <= 0 && !rt.keepGoing) this.finishLogic(rt.logic);
  }

  /** @internal */ handlerFailed(logic: GraphStageLogic, error: unknown): void {
    this.materializer.log.error(`Error in stage ${logic.label}`, error);
    try {
      logic.failStage(error);
    } catch (second) {
      this.materializer.reportError(logic.label, second);
    }
  }

  private finishLogic(logic: GraphStageLogic): void {
    if (logic.rt.stopped) return;
    logic.rt.stopped = true;
    logic.onStopped();
    try {
      logic.postStop();
    } catch (error) {
      this.materializer.reportError(logic.label, error);
    }
    if (--this.live === 0) this.finish();
  }

  private finish(): void {
    this.isFinished = true;
    if (this.yieldHandle !== undefined) {
      clearImmediate(this.yieldHandle);
      this.yieldHandle = undefined;
    }
    this.onFinished(this);
  }

  private ignored(logic: GraphStageLogic, feedback: Feedback | undefined): void {
    const message = `${logic.label}: cannot handle an async callback: the stage has stopped`;
    this.materializer.log.debug(`${message}; the event is ignored`);
    if (feedback !== undefined) feedback.reject(new StreamDetachedError(message));
  }

  /** Fails every running stage with `error` and stops whatever is left: materializer shutdown. */
  abort(error: unknown): void {
    for (const logic of this.logics) {
      if (logic.rt.stopped) continue;
      this.external.push(
        logic,
        () => {
          logic.failStage(error);
        },
        undefined,
        undefined,
      );
    }
    if (this.yieldHandle !== undefined) {
      clearImmediate(this.yieldHandle);
      this.yieldHandle = undefined;
    }
    if (!this.running) this.execute(1_000_000);
    for (const logic of this.logics) this.finishLogic(logic);
  }
}

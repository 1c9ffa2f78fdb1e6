import type { Feedback } from './AsyncCallback.js';
import { AsyncEventQueue } from './AsyncEventQueue.js';
import {
  type Connection,
  InClosed,
  InFailed,
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

/** How deep a push or pull may run the next stage's handler directly before it is queued instead. */
const MaxDirectDepth = 32;

/**
 * Runs the logics of one fused island. A port signal goes straight to the receiving stage's handler
 * when that stage is not already on the stack, so an element usually crosses a chain of stages in
 * plain calls. A signal for a stage that is on the stack (the pull a stage's downstream sends back
 * while the stage is still in its own `onPush`) is "chased", after Pekko: it waits in a single slot
 * and runs as soon as that stage's handler returns, in a loop rather than a nested call, so the
 * stack stays flat. Only when a second such signal arrives, or older signals are queued, do they go
 * through the ring-buffer queue; handlers of one logic never nest. After `eventsPerYield` events
 * (queued or chased) the interpreter yields to the Node event loop (`setImmediate`), so a long
 * synchronous stream never starves timers or sockets.
 */
export class GraphInterpreter {
  readonly logics: GraphStageLogic[] = [];
  /** Signals waiting for their round; the chase slot is used only while it is empty. */
  private readonly queue = new SignalQueue();
  /** The chased signal, waiting for its stage's handler to return; older than anything queued. */
  private chased: Connection | undefined = undefined;
  /** The stage `chased` is for. */
  private chasedRt: LogicRuntime | undefined = undefined;
  private readonly external = new AsyncEventQueue();
  private running = false;
  private depth = 0;
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

  /** Runs every `preStart`, then the events they caused. */
  start(): void {
    // Every logic counts as busy until all have started, so no event reaches a stage before its preStart.
    for (const logic of this.logics) logic.rt.active = true;
    this.running = true;
    for (const logic of this.logics) {
      logic.rt.started = true;
      try {
        logic.preStart();
      } catch (error) {
        this.handlerFailed(logic, error);
      }
    }
    for (const logic of this.logics) {
      logic.rt.active = false;
      const pending = logic.pendingAsync;
      if (pending !== undefined) {
        logic.pendingAsync = undefined;
        for (const deliver of pending) deliver();
      }
    }
    this.running = false;
    for (const logic of this.logics) this.afterRun(logic);
    this.execute();
  }

  /** @internal A port signal from one logic to `target`: handled now when possible, else queued. */
  signal(c: Connection, target: LogicRuntime): void {
    if (!target.active && this.depth < MaxDirectDepth) {
      this.processEvent(c);
      if (this.chased !== undefined) this.runChased();
    } else {
      this.defer(c, target);
    }
  }

  /**
   * @internal A push just made on `c` (by `GraphStageLogic.push`, which checked both ends are
   * open): the hot path of {@link signal}, with no state to decode.
   */
  push(c: Connection): void {
    const rt = c.inRt;
    if (rt.active || this.depth >= MaxDirectDepth) {
      this.defer(c, rt);
      return;
    }
    c.state ^= PushEndFlip;
    this.enter(rt);
    try {
      c.inHandler.onPush();
    } catch (error) {
      this.handlerFailed(rt.logic, error);
    }
    this.leave(rt);
    if (this.chased !== undefined) this.runChased();
  }

  /** @internal A pull just made on `c`, both ends open: the hot path of {@link signal}. */
  pull(c: Connection): void {
    const rt = c.outRt;
    if (rt.active || this.depth >= MaxDirectDepth) {
      this.defer(c, rt);
      return;
    }
    c.state ^= PullEndFlip;
    this.enter(rt);
    try {
      c.outHandler.onPull();
    } catch (error) {
      this.handlerFailed(rt.logic, error);
    }
    this.leave(rt);
    if (this.chased !== undefined) this.runChased();
  }

  private enter(rt: LogicRuntime): void {
    rt.active = true;
    this.depth++;
  }

  private leave(rt: LogicRuntime): void {
    this.depth--;
    rt.active = false;
    if (rt.openPorts <= 0 && !rt.keepGoing) this.finishLogic(rt.logic);
  }

  /** Chases a signal for a stage on the stack, or queues it. */
  private defer(c: Connection, target: LogicRuntime): void {
    if (target.active && this.chased === undefined && this.queue.size === 0 && this.budget > 1) {
      this.chased = c;
      this.chasedRt = target;
      return;
    }
    this.enqueue(c, target);
    // A signal from outside any handler (a logic driven by hand) still gets its events run.
    if (!this.running) this.execute();
  }

  /** Queues a signal for the next round, behind the chased one, which is older. */
  private enqueue(c: Connection, target: LogicRuntime): void {
    const chased = this.chased;
    if (chased !== undefined) {
      this.chased = undefined;
      this.queue.add(chased, this.chasedRt !== chased.outRt);
    }
    this.queue.add(c, target !== c.outRt);
  }

  /** Runs the chased signal, and the one it chases in turn, while each one's stage is free. */
  private runChased(): void {
    let c = this.chased;
    while (c !== undefined && !(this.chasedRt as LogicRuntime).active) {
      this.chased = undefined;
      this.budget--;
      this.processEvent(c);
      c = this.chased;
    }
  }

  private processEvent(c: Connection): void {
    const s = c.state;
    let rt: LogicRuntime;
    if ((s & (Pushing | InClosed | OutClosed)) === Pushing) {
      rt = c.inRt;
      c.state = s ^ PushEndFlip;
      this.enter(rt);
      try {
        c.inHandler.onPush();
      } catch (error) {
        this.handlerFailed(rt.logic, error);
      }
    } else if ((s & (Pulling | OutClosed | InClosed)) === Pulling) {
      rt = c.outRt;
      c.state = s ^ PullEndFlip;
      this.enter(rt);
      try {
        c.outHandler.onPull();
      } catch (error) {
        this.handlerFailed(rt.logic, error);
      }
    } else if ((s & (OutClosed | InClosed)) === InClosed) {
      rt = c.outRt;
      c.state = s | OutClosed;
      rt.openPorts--;
      this.enter(rt);
      try {
        const handler = c.outHandler;
        if (handler.onDownstreamFinish !== undefined) handler.onDownstreamFinish(c.cause);
        else c.outOwner.cancelStage(c.cause);
      } catch (error) {
        this.handlerFailed(rt.logic, error);
      }
    } else if ((s & (OutClosed | InClosed)) === OutClosed) {
      rt = c.inRt;
      // An element pushed just before completion is delivered first; the completion follows,
      // behind whatever that element caused.
      const completionFollows = (s & Pushing) !== 0;
      this.enter(rt);
      try {
        if (completionFollows) {
          c.state = s ^ PushEndFlip;
          c.inHandler.onPush();
        } else {
          c.state = s | InClosed;
          rt.openPorts--;
          const handler = c.inHandler;
          if ((s & InFailed) !== 0) {
            if (handler.onUpstreamFailure !== undefined) handler.onUpstreamFailure(c.cause);
            else c.inOwner.failStage(c.cause);
          } else if (handler.onUpstreamFinish !== undefined) handler.onUpstreamFinish();
          else c.inOwner.completeStage();
        }
      } catch (error) {
        this.handlerFailed(rt.logic, error);
      }
      if (completionFollows) this.enqueue(c, rt);
    } else {
      return;
    }
    this.leave(rt);
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
    this.enter(rt);
    try {
      handler(value);
      if (feedback !== undefined) feedback.resolve();
    } catch (error) {
      if (feedback !== undefined) feedback.reject(error);
      this.handlerFailed(logic, error);
    }
    this.leave(rt);
    this.runChased();
  }

  /** Runs queued events until none are left or the yield budget is spent. */
  execute(budget = this.eventsPerYield): void {
    if (this.running) return;
    this.running = true;
    this.budget = budget;
    try {
      for (;;) {
        // Outside events go first: an endless stream keeps the queue busy forever, and a kill
        // switch or a timer must still get through.
        if (!this.external.isEmpty) {
          this.runAsync();
        } else if (this.queue.size !== 0) {
          this.processEvent(this.queue.take());
          this.runChased();
        } else if (this.chased !== undefined) {
          // Left by start(), whose logics were all busy: nothing is on the stack now.
          this.runChased();
        } else {
          break;
        }
        if (--this.budget <= 0) {
          if (this.hasWork() && this.yieldHandle === undefined && !this.isFinished) {
            this.yieldHandle = setImmediate(this.resume);
          }
          break;
        }
      }
    } finally {
      this.running = false;
    }
  }

  private hasWork(): boolean {
    return this.queue.size !== 0 || this.chased !== undefined || !this.external.isEmpty;
  }

  private afterRun(logic: GraphStageLogic): void {
    const rt = logic.rt;
    if (!rt.stopped && rt.openPorts <= 0 && !rt.keepGoing) this.finishLogic(logic);
  }

  private handlerFailed(logic: GraphStageLogic, error: unknown): void {
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
    this.materializer.log.debug(`${detachedMessage(logic)}; the event is ignored`);
    if (feedback !== undefined) feedback.reject(detached(logic));
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

function detachedMessage(logic: GraphStageLogic): string {
  return `${logic.label}: cannot handle an async callback: the stage has stopped`;
}

function detached(logic: GraphStageLogic): StreamDetachedError {
  return new StreamDetachedError(
    `${logic.label}: cannot handle an async callback: the stage has stopped`,
  );
}

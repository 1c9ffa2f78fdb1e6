import { Attributes } from './Attributes.js';
import { AsyncCallback } from './AsyncCallback.js';
import {
  type Connection,
  Empty,
  InClosed,
  InFailed,
  InReady,
  OutClosed,
  OutReady,
  Pulling,
  Pushing,
  pullOn,
  pushOn,
} from './Connection.js';
import { Emitting, emittingHandler, PassAlong, Reading } from './emitting.js';
import { isFailureCause, NoMoreElementsNeeded, PortMisuseError } from './errors.js';
import type { GraphInterpreter } from './GraphInterpreter.js';
import { LogicRuntime } from './LogicRuntime.js';
import { foreignPortError, grabError, ownsPort, pullError, pushError } from './portErrors.js';
import type { InHandler, OutHandler } from './handlers.js';
import { Inlet } from './Inlet.js';
import type { Materializer } from './Materializer.js';
import type { Outlet } from './Outlet.js';
import type { Shape } from './Shape.js';

/**
 * The running part of a stage: one instance per materialization, holding all of its mutable state.
 * Set a handler on every port in the constructor, start work in {@link preStart}, release resources
 * in {@link postStop}. Handlers, timers and async callbacks of one logic never run concurrently.
 *
 * A stage stops when all its ports are closed (unless {@link setKeepGoing} is on); failures thrown
 * from a handler fail the stage, which fails its outlets and cancels its inlets.
 */
export class GraphStageLogic {
  /** @internal The interpreter's bookkeeping: connections by port id, liveness, scheduling. */
  readonly rt: LogicRuntime;
  /** @internal */ readonly inHandlers: (InHandler | undefined)[];
  /** @internal */ readonly outHandlers: (OutHandler | undefined)[];
  /** @internal Async-callback events invoked before the logic was wired. */
  pendingAsync: (() => void)[] | undefined = undefined;
  /** The stage's label in errors: its name and its index in the fused graph (`take#3`). */
  label = '';
  /** The attributes this stage was materialized with. */
  attributes: Attributes = Attributes.none;

  constructor(readonly shape: Shape) {
    this.inHandlers = new Array<InHandler | undefined>(shape.inlets.length).fill(undefined);
    this.outHandlers = new Array<OutHandler | undefined>(shape.outlets.length).fill(undefined);
    this.rt = new LogicRuntime(this, shape.inlets.length + shape.outlets.length);
  }

  /** The materializer running this stage; for sub-streams and the clock. */
  get materializer(): Materializer {
    return this.requireInterpreter('use the materializer').materializer;
  }

  // ---- handlers ----

  /** Sets the handler of an inlet or an outlet; may be replaced while running. */
  setHandler(port: Inlet<never> | Outlet<unknown>, handler: InHandler | OutHandler): void {
    if (!ownsPort(this.shape, port)) throw foreignPortError(this, port, 'set a handler on');
    if (port instanceof Inlet) {
      this.inHandlers[port.id] = handler as InHandler;
      const c = this.rt.inConns[port.id];
      if (c !== undefined) c.inHandler = handler as InHandler;
    } else {
      this.outHandlers[port.id] = handler as OutHandler;
      const c = this.rt.outConns[port.id];
      if (c !== undefined) c.outHandler = handler as OutHandler;
    }
  }

  /** Sets one object as the handler of an inlet and an outlet: the allocation-free pattern. */
  setHandlers(inlet: Inlet<never>, outlet: Outlet<unknown>, handler: InHandler & OutHandler): void {
    this.setHandler(inlet, handler);
    this.setHandler(outlet, handler);
  }

  /** The current handler of an inlet. */
  getInHandler(inlet: Inlet<never>): InHandler | undefined {
    return this.inHandlers[inlet.id];
  }

  /** The current handler of an outlet. */
  getOutHandler(outlet: Outlet<unknown>): OutHandler | undefined {
    return this.outHandlers[outlet.id];
  }

  // ---- inlets ----

  /** Asks upstream for one element. Legal once per element, on an open inlet. */
  pull(inlet: Inlet<never>): void {
    const c = this.rt.inConns[inlet.id];
    // The identity test refuses a port of another stage (or an outlet) with the same id for free.
    if (c?.inlet === inlet && pullOn(c)) return;
    throw pullError(this, inlet, c);
  }

  /** Pulls unless the inlet is closed or already pulled. */
  tryPull(inlet: Inlet<never>): void {
    if (!this.isClosed(inlet) && !this.hasBeenPulled(inlet)) this.pull(inlet);
  }

  /** Takes the element that arrived on the inlet; afterwards nothing is waiting there. */
  grab<T>(inlet: Inlet<T>): T {
    const c = this.rt.inConns[inlet.id];
    if (c?.inlet === inlet && (c.state & InReady) !== 0 && c.slot !== Empty) {
      const element = c.slot as T;
      c.slot = Empty;
      return element;
    }
    throw grabError(this, inlet, c);
  }

  /** Whether an element is waiting on the inlet, or whether the outlet may be pushed. */
  isAvailable(port: Inlet<never> | Outlet<unknown>): boolean {
    if (port instanceof Inlet) {
      const c = this.rt.inConns[port.id];
      return c !== undefined && (c.state & InReady) !== 0 && c.slot !== Empty;
    }
    const c = this.rt.outConns[port.id];
    return c !== undefined && (c.state & (OutReady | OutClosed)) === OutReady;
  }

  /** Whether a pull on the inlet is outstanding. */
  hasBeenPulled(inlet: Inlet<never>): boolean {
    const c = this.rt.inConns[inlet.id];
    return c !== undefined && (c.state & (InReady | InClosed)) === 0;
  }

  /** Whether the port is closed for this stage (completed, failed or cancelled). */
  isClosed(port: Inlet<never> | Outlet<unknown>): boolean {
    if (port instanceof Inlet) {
      const c = this.rt.inConns[port.id];
      return c === undefined ? this.rt.stopped : (c.state & InClosed) !== 0;
    }
    const c = this.rt.outConns[port.id];
    return c === undefined ? this.rt.stopped : (c.state & OutClosed) !== 0;
  }

  /** Stops receiving on the inlet; any element waiting there is dropped. */
  cancel(inlet: Inlet<never>, cause: unknown = NoMoreElementsNeeded.instance): void {
    const c = this.rt.inConns[inlet.id];
    if (c?.inlet !== inlet) {
      this.requireInterpreter('cancel');
      throw foreignPortError(this, inlet, 'cancel');
    }
    const s = c.state;
    if ((s & InClosed) !== 0) return;
    c.state = s | InClosed;
    c.slot = Empty;
    this.portClosed();
    if ((s & OutClosed) === 0) {
      c.cause = cause;
      if (c.host !== undefined) c.host.hostSignal(c);
      // A pending push or pull is already chased or queued; the interpreter turns it into the cancel.
      else if ((s & (Pulling | Pushing)) === 0)
        (this.rt.interpreter as GraphInterpreter).signal(c, false);
    }
  }

  // ---- outlets ----

  /** Emits one element; legal once after each `onPull`. `null` and `undefined` are not legal elements. */
  push<T>(outlet: Outlet<T>, element: T): void {
    const c = this.rt.outConns[outlet.id];
    // The identity test refuses a port of another stage (or an inlet) with the same id for free.
    if (c?.outlet === outlet && pushOn(c, element)) return;
    throw pushError(this, outlet, c, element);
  }

  /** Completes the outlet; waits for pending `emit`s to be pushed first. */
  complete(outlet: Outlet<unknown>): void {
    const c = this.rt.outConns[outlet.id];
    if (c?.outlet !== outlet) {
      this.requireInterpreter('complete');
      throw foreignPortError(this, outlet, 'complete');
    }
    const handler = this.outHandlers[outlet.id];
    if (handler instanceof Emitting) {
      handler.completeAfter();
      return;
    }
    this.closeOut(c, undefined, false);
  }

  /** Fails the outlet with `error`; pending `emit`s are dropped. */
  fail(outlet: Outlet<unknown>, error: unknown): void {
    const c = this.rt.outConns[outlet.id];
    if (c?.outlet !== outlet) {
      this.requireInterpreter('fail');
      throw foreignPortError(this, outlet, 'fail');
    }
    const handler = this.outHandlers[outlet.id];
    if (handler instanceof Emitting) this.setHandler(outlet, handler.previous);
    this.closeOut(c, error, true);
  }

  private closeOut(c: Connection, error: unknown, failed: boolean): void {
    const s = c.state;
    if ((s & OutClosed) !== 0) return;
    c.state = failed ? s | OutClosed | InFailed : s | OutClosed;
    if (failed) c.cause = error;
    this.portClosed();
    if (c.host !== undefined) {
      if ((s & InClosed) === 0) c.host.hostSignal(c);
    } else if ((s & (InClosed | Pushing | Pulling)) === 0) {
      (this.rt.interpreter as GraphInterpreter).signal(c, true);
    }
  }

  // ---- the whole stage ----

  /** Completes every outlet (after pending emits) and cancels every inlet. */
  completeStage(): void {
    this.rt.keepGoing = false;
    for (const inlet of this.shape.inlets) this.cancel(inlet);
    for (const outlet of this.shape.outlets) this.complete(outlet);
  }

  /** Fails every outlet with `error` and cancels every inlet with it as the cause. */
  failStage(error: unknown): void {
    this.rt.keepGoing = false;
    for (const inlet of this.shape.inlets) this.cancel(inlet, error);
    for (const outlet of this.shape.outlets) this.fail(outlet, error);
  }

  /**
   * What a downstream cancel does by default: a plain cancel completes the stage, a cancel caused
   * by a failure fails it (Akka's `PropagateFailure` strategy).
   */
  cancelStage(cause: unknown): void {
    if (isFailureCause(cause)) this.failStage(cause);
    else this.completeStage();
  }

  /** Keeps the stage running after all its ports closed, until it completes or fails itself. */
  setKeepGoing(enabled: boolean): void {
    this.requireInterpreter('set keep-going');
    this.rt.keepGoing = enabled;
  }

  // ---- emit and read ----

  /** Pushes `element` as soon as the outlet is pulled, then runs `andThen`; safe to call any time. */
  emit<T>(outlet: Outlet<T>, element: T, andThen?: () => void): void {
    const handler = this.outHandlers[outlet.id];
    if (!(handler instanceof Emitting) && this.isAvailable(outlet)) {
      this.push(outlet, element);
      if (andThen !== undefined) andThen();
      return;
    }
    emittingHandler(this, outlet, handler).enqueue(element, andThen);
  }

  /** Emits the elements one by one as demand arrives, then runs `andThen`. */
  emitMultiple<T>(outlet: Outlet<T>, elements: Iterable<T>, andThen?: () => void): void {
    const it = elements[Symbol.iterator]();
    let next = it.next();
    if (next.done === true) {
      if (andThen !== undefined) andThen();
      return;
    }
    const handler = this.outHandlers[outlet.id];
    if (!(handler instanceof Emitting) && this.isAvailable(outlet)) {
      this.push(outlet, next.value);
      next = it.next();
      if (next.done === true) {
        if (andThen !== undefined) andThen();
        return;
      }
    }
    emittingHandler(this, outlet, handler).enqueueIterator(next.value, it, andThen);
  }

  /** Stops a pending emit on the outlet, dropping its elements. */
  abortEmitting(outlet: Outlet<unknown>): void {
    const handler = this.outHandlers[outlet.id];
    if (handler instanceof Emitting) this.setHandler(outlet, handler.previous);
  }

  /** Reads one element from the inlet, pulling if needed, then restores the previous handler. */
  read<T>(inlet: Inlet<T>, andThen: (element: T) => void, onClose: () => void): void {
    if (this.isAvailable(inlet)) {
      andThen(this.grab(inlet));
    } else if (this.isClosed(inlet)) {
      onClose();
    } else {
      const previous = this.inHandlers[inlet.id];
      this.setHandler(inlet, new Reading(this, inlet, previous, andThen, onClose));
      if (!this.hasBeenPulled(inlet)) this.pull(inlet);
    }
  }

  /** Forwards every element from `from` to `to` as demand allows; see Akka's `passAlong`. */
  passAlong<T>(
    from: Inlet<T>,
    to: Outlet<T>,
    options: { doFinish?: boolean; doFail?: boolean; doPull?: boolean } = {},
  ): void {
    const handler = new PassAlong(this, from, to, options.doFinish ?? true, options.doFail ?? true);
    if (this.isAvailable(from)) this.emit(to, this.grab(from), handler.pullAgain);
    this.setHandler(from, handler);
    if (options.doPull === true) this.tryPull(from);
  }

  // ---- async callbacks and lifecycle ----

  /**
   * A callback that runs `handler` inside this stage, from any promise or event: the only safe way
   * for outside events to reach the stage's state. After the stage stopped, invocations are ignored
   * (and `invokeWithFeedback` rejects with `StreamDetachedError`).
   */
  getAsyncCallback<T>(handler: (value: T) => void): AsyncCallback<T> {
    return new AsyncCallback(this, handler);
  }

  /** Runs once before any event: do the initial pull and start timers here. */
  preStart(): void {
    // Stages override this.
  }

  /** Runs once after the stage stopped, however it stopped: release resources here. */
  postStop(): void {
    // Stages override this.
  }

  // ---- internals ----

  /** @internal Called when one of this logic's ports closes. */
  portClosed(): void {
    this.rt.openPorts--;
  }

  /** @internal Cleanups of sub-ports and timers, run when the stage stops. */
  stopHooks: (() => void)[] | undefined = undefined;

  /** @internal Called by the interpreter when the stage stopped, before `postStop`. */
  onStopped(): void {
    const hooks = this.stopHooks;
    if (hooks === undefined) return;
    this.stopHooks = undefined;
    for (const hook of hooks) hook();
  }

  private requireInterpreter(what: string): GraphInterpreter {
    const it = this.rt.interpreter;
    if (it === undefined) {
      throw new PortMisuseError(
        this.label || this.constructor.name,
        '',
        `${this.label || this.constructor.name}: cannot ${what} from the logic constructor: the stage is not running yet; do it in preStart`,
      );
    }
    return it;
  }

  /** @internal */
  misuse(port: string, reason: string, what: string): PortMisuseError {
    if (this.rt.interpreter === undefined) this.requireInterpreter(what);
    return new PortMisuseError(this.label, port, `${this.label}: ${reason}`);
  }
}

import type { AsyncCallback } from './AsyncCallback.js';
import { PortMisuseError } from './errors.js';
import { GraphStage } from './GraphStage.js';
import { GraphStageLogic } from './GraphStageLogic.js';
import type { InHandler } from './handlers.js';
import { Inlet } from './Inlet.js';
import { Sink } from './Sink.js';
import { SinkShape } from './Shape.js';
import { callFor, removeStopHook, setSubPortOwner } from './subFusing.js';

/**
 * A dynamic input of a running stage: `sink` is a Sink that, once materialized (in any stream),
 * feeds this port. Drive it like an inlet: `pull()`, then `grab()` in the handler's `onPush`. The
 * owner's handlers run in the owner's interpreter. A sink materialized on the owner's materializer
 * runs there too (its stages join the owner's island), and a pull or an element crosses the port
 * as a call; anywhere else it runs in its own interpreter and they cross as async callbacks. If
 * the owning stage stops, the sink is cancelled. The sink can be materialized once.
 */
export class SubSinkInlet<T> {
  private handler: InHandler | undefined = undefined;
  private element: T | undefined = undefined;
  private pulled = false;
  private closed = false;
  private inner: SubSinkLogic<T> | undefined = undefined;
  /** Pulled before the sub-sink attached: its preStart pulls. */
  private pendingPull = false;
  private materialized = false;
  /** The sub-sink runs in the owner's island: signals across are calls, not async events. */
  private direct = false;
  /** @internal An element from the sub-sink, run as the owner's handler. */
  readonly receive = (element: unknown): void => {
    this.pulled = false;
    this.element = element as T;
    this.requireHandler().onPush();
  };
  /** @internal The sub-stream's completion (`undefined`) or failure, run as the owner's handler. */
  readonly finish = (error: unknown): void => {
    if (this.closed) return;
    this.closed = true;
    this.inner = undefined;
    removeStopHook(this.owner, this.stopHook);
    const handler = this.requireHandler();
    if (error === undefined) {
      if (handler.onUpstreamFinish !== undefined) handler.onUpstreamFinish();
      else this.owner.completeStage();
    } else if (handler.onUpstreamFailure !== undefined) handler.onUpstreamFailure(error);
    else this.owner.failStage(error);
  };
  /** @internal `receive` and `finish` as events, for a sub-sink in another interpreter. */
  readonly onElement: AsyncCallback<T>;
  /** @internal */
  readonly onFinish: AsyncCallback<unknown>;

  /** @param owner the stage that reads from this port; create it in a handler or `preStart`. */
  constructor(
    /** @internal */
    readonly owner: GraphStageLogic,
    readonly name: string,
  ) {
    this.onElement = owner.getAsyncCallback(this.receive);
    this.onFinish = owner.getAsyncCallback(this.finish);
    (owner.stopHooks ??= []).push(this.stopHook);
  }

  /** Cancels the sub-stream if the owner stops first; removed once the port closes. */
  private readonly stopHook = (): void => {
    this.cancel();
  };

  /** The Sink that feeds this port; materialize it once. */
  get sink(): Sink<T, unknown> {
    return Sink.fromGraph(new SubSinkStage<T>(this));
  }

  /** @internal */
  attach(inner: SubSinkLogic<T>): void {
    if (this.materialized) {
      throw new PortMisuseError(
        this.owner.label,
        this.name,
        `${this.owner.label}: cannot materialize sub-sink '${this.name}' twice`,
      );
    }
    this.materialized = true;
    inner.port = this;
    setSubPortOwner(inner, this.owner);
    // Attached at once, not through an async callback of the owner: if the owner stopped before
    // the sub-stream was materialized, the sub-sink's preStart still finds the port closed.
    this.inner = inner;
  }

  /** @internal The sub-sink started: it goes direct in the owner's island, and catches up. */
  started(inner: SubSinkLogic<T>): void {
    this.direct = inner.direct = inner.rt.interpreter === this.owner.rt.interpreter;
    if (this.closed) inner.completeStage();
    else if (this.pendingPull) inner.pullNow();
  }

  setHandler(handler: InHandler): void {
    this.handler = handler;
  }

  private requireHandler(): InHandler {
    if (this.handler === undefined) {
      throw new PortMisuseError(
        this.owner.label,
        this.name,
        `${this.owner.label}: sub-inlet '${this.name}' has no handler`,
      );
    }
    return this.handler;
  }

  isAvailable(): boolean {
    return this.element !== undefined;
  }
  hasBeenPulled(): boolean {
    return this.pulled;
  }
  isClosed(): boolean {
    return this.closed;
  }

  /** Asks the sub-stream for one element. */
  pull(): void {
    if (this.closed) throw this.misuse(`cannot pull sub-inlet '${this.name}': it is closed`);
    if (this.pulled)
      throw this.misuse(`cannot pull sub-inlet '${this.name}': it is already pulled`);
    this.pulled = true;
    this.element = undefined;
    const inner = this.inner;
    if (!inner?.rt.started) this.pendingPull = true;
    else if (this.direct) inner.pullNow();
    else inner.pullFromOwner.invoke(undefined);
  }

  /** Takes the element that arrived. */
  grab(): T {
    const element = this.element;
    if (element === undefined) {
      throw this.misuse(`cannot grab from sub-inlet '${this.name}': no element is waiting`);
    }
    this.element = undefined;
    return element;
  }

  /** Cancels the sub-stream. */
  cancel(): void {
    if (this.closed) return;
    this.closed = true;
    this.element = undefined;
    removeStopHook(this.owner, this.stopHook);
    const inner = this.inner;
    this.inner = undefined;
    if (!inner?.rt.started) return; // its preStart finds the port closed
    if (this.direct) callFor(inner, inner.cancelNow, undefined);
    else inner.cancelFromOwner.invoke(undefined);
  }

  private misuse(reason: string): PortMisuseError {
    return new PortMisuseError(this.owner.label, this.name, `${this.owner.label}: ${reason}`);
  }
}

class SubSinkStage<T> extends GraphStage<SinkShape<T>> {
  readonly shape: SinkShape<T>;
  constructor(private readonly port: SubSinkInlet<T>) {
    super(`subSink(${port.name})`);
    this.shape = new SinkShape(new Inlet<T>(`${port.name}.in`));
  }
  createLogic(): GraphStageLogic {
    const logic = new SubSinkLogic<T>(this.shape);
    this.port.attach(logic);
    return logic;
  }
}

/** @internal The logic of a SubSinkInlet's sink, at the sub-stream's end of the port. */
export class SubSinkLogic<T> extends GraphStageLogic implements InHandler {
  port: SubSinkInlet<T> | undefined = undefined;
  /** Runs in the owner's island: see {@link SubSinkInlet.started}. */
  direct = false;
  /** The owner's pull and cancel, as handlers of this logic. */
  readonly cancelNow = (): void => {
    this.completeStage();
  };
  readonly pullFromOwner: AsyncCallback<undefined>;
  readonly cancelFromOwner: AsyncCallback<undefined>;
  private readonly in: Inlet<T>;

  constructor(shape: SinkShape<T>) {
    super(shape);
    this.in = shape.in;
    this.setHandler(this.in, this);
    this.pullFromOwner = this.getAsyncCallback(() => {
      this.pullNow();
    });
    this.cancelFromOwner = this.getAsyncCallback(this.cancelNow);
  }
  /** The owner pulled; a no-op once this end closed. */
  pullNow(): void {
    this.tryPull(this.in);
  }
  override preStart(): void {
    this.port?.started(this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const port = this.port as SubSinkInlet<T>; // non-null: attached when created
    if (this.direct) callFor(port.owner, port.receive, element);
    else port.onElement.invoke(element);
  }
  onUpstreamFinish(): void {
    this.sendFinish(undefined);
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.sendFinish(error);
    this.failStage(error);
  }
  private sendFinish(error: unknown): void {
    const port = this.port as SubSinkInlet<T>; // non-null: attached when created
    if (this.direct) callFor(port.owner, port.finish, error);
    else port.onFinish.invoke(error);
  }
}

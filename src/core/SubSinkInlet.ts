import type { AsyncCallback } from './AsyncCallback.js';
import { PortMisuseError } from './errors.js';
import { GraphStage } from './GraphStage.js';
import { GraphStageLogic } from './GraphStageLogic.js';
import type { InHandler } from './handlers.js';
import { Inlet } from './Inlet.js';
import { Sink } from './Sink.js';
import { SinkShape } from './Shape.js';

/**
 * A dynamic input of a running stage: `sink` is a Sink that, once materialized (in any stream),
 * feeds this port. Drive it like an inlet: `pull()`, then `grab()` in the handler's `onPush`. The
 * owner's handlers run in the owner's interpreter; the sink runs in its own. If the owning stage
 * stops, the sink is cancelled. The sink can be materialized once.
 */
export class SubSinkInlet<T> {
  private handler: InHandler | undefined = undefined;
  private element: T | undefined = undefined;
  private pulled = false;
  private closed = false;
  private inner: SubSinkLogic<T> | undefined = undefined;
  private pendingPull = false;
  private materialized = false;
  private readonly onElement: AsyncCallback<T>;
  private readonly onFinish: AsyncCallback<unknown>;

  /** @param owner the stage that reads from this port; create it in a handler or `preStart`. */
  constructor(
    private readonly owner: GraphStageLogic,
    readonly name: string,
  ) {
    this.onElement = owner.getAsyncCallback((element: T) => {
      this.pulled = false;
      this.element = element;
      this.requireHandler().onPush();
    });
    this.onFinish = owner.getAsyncCallback((error: unknown) => {
      if (this.closed) return;
      this.closed = true;
      const handler = this.requireHandler();
      if (error === undefined) {
        if (handler.onUpstreamFinish !== undefined) handler.onUpstreamFinish();
        else owner.completeStage();
      } else if (handler.onUpstreamFailure !== undefined) handler.onUpstreamFailure(error);
      else owner.failStage(error);
    });
    (owner.stopHooks ??= []).push(() => {
      this.cancel();
    });
  }

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
    inner.owner = this;
    inner.sendElement = this.onElement;
    inner.sendFinish = this.onFinish;
    // Attached at once, not through an async callback of the owner: if the owner stopped before
    // the sub-stream was materialized, the cancel it left must still reach the sub-stream.
    this.inner = inner;
    if (this.closed) inner.cancelFromOwner.invoke(undefined);
    else if (this.pendingPull) inner.pullFromOwner.invoke(undefined);
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
    if (this.inner === undefined) this.pendingPull = true;
    else this.inner.pullFromOwner.invoke(undefined);
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
    if (this.inner !== undefined) this.inner.cancelFromOwner.invoke(undefined);
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

/** @internal The logic of a SubSinkInlet's sink, running in the sub-stream's interpreter. */
export class SubSinkLogic<T> extends GraphStageLogic implements InHandler {
  owner: SubSinkInlet<T> | undefined = undefined;
  sendElement: AsyncCallback<T> | undefined = undefined;
  sendFinish: AsyncCallback<unknown> | undefined = undefined;
  readonly pullFromOwner: AsyncCallback<undefined>;
  readonly cancelFromOwner: AsyncCallback<undefined>;
  private readonly in: Inlet<T>;

  constructor(shape: SinkShape<T>) {
    super(shape);
    this.in = shape.in;
    this.setHandler(this.in, this);
    this.pullFromOwner = this.getAsyncCallback(() => {
      this.tryPull(this.in);
    });
    this.cancelFromOwner = this.getAsyncCallback(() => {
      this.completeStage();
    });
  }
  onPush(): void {
    this.sendElement?.invoke(this.grab(this.in));
  }
  onUpstreamFinish(): void {
    this.sendFinish?.invoke(undefined);
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.sendFinish?.invoke(error);
    this.failStage(error);
  }
}

import type { AsyncCallback } from './AsyncCallback.js';
import { AbruptTerminationError, PortMisuseError } from './errors.js';
import { GraphStage } from './GraphStage.js';
import { GraphStageLogic } from './GraphStageLogic.js';
import type { OutHandler } from './handlers.js';
import { Outlet } from './Outlet.js';
import { SourceShape } from './Shape.js';
import { Source } from './Source.js';
import { callFor, removeStopHook, setSubPortOwner } from './subFusing.js';

/**
 * A dynamic output of a running stage: `source` is a Source that, once materialized (in any
 * stream), emits what this port pushes. Drive it like an outlet: `push(e)` after the handler's
 * `onPull`, then `complete()` or `fail(e)`. A source materialized on the owner's materializer runs
 * in the owner's island, and a pull or an element crosses the port as a call; anywhere else it
 * runs in its own interpreter and they cross as async callbacks. If the owning stage stops first,
 * the sub-stream fails. The source can be materialized once.
 */
export class SubSourceOutlet<T> {
  private handler: OutHandler | undefined = undefined;
  private available = false;
  private closed = false;
  /** How the port was closed by the owner: `undefined` for `complete()`, else the error. */
  private endError: unknown = undefined;
  private inner: SubSourceLogic<T> | undefined = undefined;
  private materialized = false;
  /** The sub-source runs in the owner's island: signals across are calls, not async events. */
  private direct = false;
  /** @internal The sub-stream's pull, run as the owner's handler. */
  readonly pulled = (): void => {
    if (this.closed) return;
    this.available = true;
    this.requireHandler().onPull();
  };
  /** @internal The sub-stream's cancel, run as the owner's handler. */
  readonly cancelled = (cause: unknown): void => {
    if (this.closed) return;
    this.closed = true;
    this.available = false;
    this.inner = undefined;
    removeStopHook(this.owner, this.stopHook);
    const handler = this.requireHandler();
    if (handler.onDownstreamFinish !== undefined) handler.onDownstreamFinish(cause);
  };
  /** @internal `pulled` and `cancelled` as events, for a sub-source in another interpreter. */
  readonly onPull: AsyncCallback<undefined>;
  /** @internal */
  readonly onCancel: AsyncCallback<unknown>;

  /** @param owner the stage that writes to this port; create it in a handler or `preStart`. */
  constructor(
    /** @internal */
    readonly owner: GraphStageLogic,
    readonly name: string,
  ) {
    this.onPull = owner.getAsyncCallback(this.pulled);
    this.onCancel = owner.getAsyncCallback(this.cancelled);
    (owner.stopHooks ??= []).push(this.stopHook);
  }

  /** Fails the sub-stream if the owner stops first; removed once the port closes. */
  private readonly stopHook = (): void => {
    if (!this.closed)
      this.fail(
        new AbruptTerminationError(
          `${this.owner.label}: the stage owning sub-source '${this.name}' stopped`,
        ),
      );
  };

  /** The Source that emits what this port pushes; materialize it once. */
  get source(): Source<T, unknown> {
    return Source.fromGraph(new SubSourceStage<T>(this));
  }

  /** @internal */
  attach(inner: SubSourceLogic<T>): void {
    if (this.materialized) {
      throw new PortMisuseError(
        this.owner.label,
        this.name,
        `${this.owner.label}: cannot materialize sub-source '${this.name}' twice`,
      );
    }
    this.materialized = true;
    inner.port = this;
    setSubPortOwner(inner, this.owner);
    // Attached at once, not through an async callback of the owner: if the owner completed the
    // port and stopped before the sub-stream was materialized, the sub-source's preStart still
    // finds the port closed.
    this.inner = inner;
  }

  /** @internal The sub-source started: it goes direct in the owner's island, and catches up. */
  started(inner: SubSourceLogic<T>): void {
    this.direct = inner.direct = inner.rt.interpreter === this.owner.rt.interpreter;
    if (this.closed) inner.end(this.endError);
  }

  setHandler(handler: OutHandler): void {
    this.handler = handler;
  }

  private requireHandler(): OutHandler {
    if (this.handler === undefined) {
      throw new PortMisuseError(
        this.owner.label,
        this.name,
        `${this.owner.label}: sub-outlet '${this.name}' has no handler`,
      );
    }
    return this.handler;
  }

  isAvailable(): boolean {
    return this.available;
  }
  isClosed(): boolean {
    return this.closed;
  }

  /** Emits one element; legal once after each `onPull`. */
  push(element: T): void {
    if (this.closed) throw this.misuse(`cannot push to sub-outlet '${this.name}': it is closed`);
    if (!this.available) {
      throw this.misuse(
        `cannot push to sub-outlet '${this.name}': it has not been pulled (push twice, or push before pull)`,
      );
    }
    this.available = false;
    // non-null: only a started sub-source pulls, so `available` implies it
    const inner = this.inner as SubSourceLogic<T>;
    if (this.direct) inner.pushNow(element);
    else inner.element.invoke(element);
  }

  /** Completes the sub-stream. */
  complete(): void {
    this.close(undefined);
  }

  /** Fails the sub-stream. */
  fail(error: unknown): void {
    this.close(error);
  }

  private close(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.available = false;
    this.endError = error;
    removeStopHook(this.owner, this.stopHook);
    const inner = this.inner;
    this.inner = undefined;
    if (!inner?.rt.started) return; // its preStart finds the port closed
    if (this.direct) callFor(inner, inner.end, error);
    else inner.finish.invoke(error);
  }

  private misuse(reason: string): PortMisuseError {
    return new PortMisuseError(this.owner.label, this.name, `${this.owner.label}: ${reason}`);
  }
}

class SubSourceStage<T> extends GraphStage<SourceShape<T>> {
  readonly shape: SourceShape<T>;
  constructor(private readonly port: SubSourceOutlet<T>) {
    super(`subSource(${port.name})`);
    this.shape = new SourceShape(new Outlet<T>(`${port.name}.out`));
  }
  createLogic(): GraphStageLogic {
    const logic = new SubSourceLogic<T>(this.shape);
    this.port.attach(logic);
    return logic;
  }
}

/** @internal The logic of a SubSourceOutlet's source, at the sub-stream's end of the port. */
export class SubSourceLogic<T> extends GraphStageLogic implements OutHandler {
  port: SubSourceOutlet<T> | undefined = undefined;
  /** Runs in the owner's island: see {@link SubSourceOutlet.started}. */
  direct = false;
  /** The owner's completion (`undefined`) or failure, as a handler of this logic. */
  readonly end = (error: unknown): void => {
    if (error === undefined) this.completeStage();
    else this.failStage(error);
  };
  readonly element: AsyncCallback<T>;
  readonly finish: AsyncCallback<unknown>;
  private readonly out: Outlet<T>;

  constructor(shape: SourceShape<T>) {
    super(shape);
    this.out = shape.out;
    this.setHandler(this.out, this);
    this.element = this.getAsyncCallback((element: T) => {
      this.pushNow(element);
    });
    this.finish = this.getAsyncCallback(this.end);
  }
  /** The owner pushed, after this end pulled. */
  pushNow(element: T): void {
    this.push(this.out, element);
  }
  override preStart(): void {
    this.port?.started(this);
  }
  onPull(): void {
    const port = this.port as SubSourceOutlet<T>; // non-null: attached when created
    if (this.direct) callFor(port.owner, port.pulled, undefined);
    else port.onPull.invoke(undefined);
  }
  onDownstreamFinish(cause: unknown): void {
    const port = this.port as SubSourceOutlet<T>; // non-null: attached when created
    if (this.direct) callFor(port.owner, port.cancelled, cause);
    else port.onCancel.invoke(cause);
    this.completeStage();
  }
}

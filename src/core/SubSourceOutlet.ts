import type { AsyncCallback } from './AsyncCallback.js';
import { AbruptTerminationError, PortMisuseError } from './errors.js';
import { GraphStage } from './GraphStage.js';
import { GraphStageLogic } from './GraphStageLogic.js';
import type { OutHandler } from './handlers.js';
import { Outlet } from './Outlet.js';
import { SourceShape } from './Shape.js';
import { Source } from './Source.js';

/**
 * A dynamic output of a running stage: `source` is a Source that, once materialized (in any
 * stream), emits what this port pushes. Drive it like an outlet: `push(e)` after the handler's
 * `onPull`, then `complete()` or `fail(e)`. If the owning stage stops first, the sub-stream fails.
 * The source can be materialized once.
 */
export class SubSourceOutlet<T> {
  private handler: OutHandler | undefined = undefined;
  private available = false;
  private closed = false;
  private inner: SubSourceLogic<T> | undefined = undefined;
  private materialized = false;
  /** Signals sent before the sub-stream attached, replayed in order when it does. */
  private readonly early: ((inner: SubSourceLogic<T>) => void)[] = [];
  private readonly onPull: AsyncCallback<undefined>;
  private readonly onCancel: AsyncCallback<unknown>;

  /** @param owner the stage that writes to this port; create it in a handler or `preStart`. */
  constructor(
    private readonly owner: GraphStageLogic,
    readonly name: string,
  ) {
    this.onPull = owner.getAsyncCallback(() => {
      if (this.closed) return;
      this.available = true;
      this.requireHandler().onPull();
    });
    this.onCancel = owner.getAsyncCallback((cause: unknown) => {
      if (this.closed) return;
      this.closed = true;
      this.available = false;
      const handler = this.requireHandler();
      if (handler.onDownstreamFinish !== undefined) handler.onDownstreamFinish(cause);
    });
    (owner.stopHooks ??= []).push(() => {
      if (!this.closed)
        this.fail(
          new AbruptTerminationError(
            `${owner.label}: the stage owning sub-source '${name}' stopped`,
          ),
        );
    });
  }

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
    inner.sendPull = this.onPull;
    inner.sendCancel = this.onCancel;
    // Attached at once, not through an async callback of the owner: if the owner completed the
    // port and stopped before the sub-stream was materialized, that completion must still arrive.
    this.inner = inner;
    for (const send of this.early) send(inner);
    this.early.length = 0;
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
    this.send((inner) => {
      inner.element.invoke(element);
    });
  }

  /** Completes the sub-stream. */
  complete(): void {
    if (this.closed) return;
    this.closed = true;
    this.available = false;
    this.send((inner) => {
      inner.finish.invoke(undefined);
    });
  }

  /** Fails the sub-stream. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.available = false;
    this.send((inner) => {
      inner.finish.invoke(error);
    });
  }

  private send(signal: (inner: SubSourceLogic<T>) => void): void {
    if (this.inner === undefined) this.early.push(signal);
    else signal(this.inner);
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

/** @internal The logic of a SubSourceOutlet's source, running in the sub-stream's interpreter. */
export class SubSourceLogic<T> extends GraphStageLogic implements OutHandler {
  sendPull: AsyncCallback<undefined> | undefined = undefined;
  sendCancel: AsyncCallback<unknown> | undefined = undefined;
  readonly element: AsyncCallback<T>;
  readonly finish: AsyncCallback<unknown>;
  private readonly out: Outlet<T>;

  constructor(shape: SourceShape<T>) {
    super(shape);
    this.out = shape.out;
    this.setHandler(this.out, this);
    this.element = this.getAsyncCallback((element: T) => {
      this.push(this.out, element);
    });
    this.finish = this.getAsyncCallback((error: unknown) => {
      if (error === undefined) this.completeStage();
      else this.failStage(error);
    });
  }
  onPull(): void {
    this.sendPull?.invoke(undefined);
  }
  onDownstreamFinish(cause: unknown): void {
    this.sendCancel?.invoke(cause);
    this.completeStage();
  }
}

import type { GraphStageLogic } from './GraphStageLogic.js';
import type { InHandler, OutHandler } from './handlers.js';
import type { Inlet } from './Inlet.js';
import type { Outlet } from './Outlet.js';

/**
 * The temporary outlet handler behind `emit` and `emitMultiple`: it pushes queued elements on each
 * pull, runs their follow-ups, and puts the previous handler back when the queue is empty.
 */
export class Emitting implements OutHandler {
  private readonly items: EmitItem[] = [];
  private head = 0;
  private completing = false;

  constructor(
    private readonly logic: GraphStageLogic,
    private readonly outlet: Outlet<unknown>,
    readonly previous: OutHandler,
  ) {}

  enqueue(element: unknown, andThen: (() => void) | undefined): void {
    this.items.push({ element, rest: undefined, andThen });
  }

  /** Queues `first` and then the rest of its iterator (prefetched one ahead, to know when it ends). */
  enqueueIterator(
    first: unknown,
    rest: Iterator<unknown>,
    andThen: (() => void) | undefined,
  ): void {
    this.items.push({ element: first, rest, andThen });
  }

  /** Completes the outlet once everything queued has been pushed. */
  completeAfter(): void {
    this.completing = true;
  }

  onPull(): void {
    const item = this.items[this.head];
    if (item === undefined) return;
    this.logic.push(this.outlet, item.element);
    if (item.rest !== undefined) {
      const next = item.rest.next();
      if (next.done !== true) {
        item.element = next.value;
        return;
      }
    }
    this.head++;
    if (item.andThen !== undefined) item.andThen();
    if (this.head === this.items.length) this.finish();
  }

  private finish(): void {
    if (this.logic.getOutHandler(this.outlet) === this) {
      this.logic.setHandler(this.outlet, this.previous);
    }
    if (this.completing) this.logic.complete(this.outlet);
  }

  onDownstreamFinish(cause: unknown): void {
    const previous = this.previous;
    this.logic.setHandler(this.outlet, previous);
    if (previous.onDownstreamFinish !== undefined) previous.onDownstreamFinish(cause);
    else this.logic.cancelStage(cause);
  }
}

interface EmitItem {
  element: unknown;
  readonly rest: Iterator<unknown> | undefined;
  readonly andThen: (() => void) | undefined;
}

/** @internal The outlet's Emitting handler, installed over `handler` if it is not one yet. */
export function emittingHandler(
  logic: GraphStageLogic,
  outlet: Outlet<unknown>,
  handler: OutHandler | undefined,
): Emitting {
  if (handler instanceof Emitting) return handler;
  if (handler === undefined) {
    throw logic.misuse(
      outlet.name,
      `cannot emit to port '${outlet.name}': it has no handler`,
      'emit',
    );
  }
  const emitting = new Emitting(logic, outlet, handler);
  logic.setHandler(outlet, emitting);
  return emitting;
}

/** The temporary inlet handler behind `read`. */
export class Reading<T> implements InHandler {
  constructor(
    private readonly logic: GraphStageLogic,
    private readonly inlet: Inlet<T>,
    private readonly previous: InHandler | undefined,
    private readonly andThen: (element: T) => void,
    private readonly onClose: () => void,
  ) {}
  private restore(): void {
    if (this.previous !== undefined) this.logic.setHandler(this.inlet, this.previous);
  }
  onPush(): void {
    this.restore();
    this.andThen(this.logic.grab(this.inlet));
  }
  onUpstreamFinish(): void {
    this.restore();
    this.onClose();
  }
  onUpstreamFailure(error: unknown): void {
    this.restore();
    this.logic.failStage(error);
  }
}

/** The inlet handler behind `passAlong`. */
export class PassAlong<T> implements InHandler {
  /** Pulls `from` again once the emitted element went out; bound once, so no closure per element. */
  readonly pullAgain = (): void => {
    this.logic.tryPull(this.from);
  };
  constructor(
    private readonly logic: GraphStageLogic,
    private readonly from: Inlet<T>,
    private readonly to: Outlet<T>,
    private readonly doFinish: boolean,
    private readonly doFail: boolean,
  ) {}
  onPush(): void {
    this.logic.emit(this.to, this.logic.grab(this.from), this.pullAgain);
  }
  onUpstreamFinish(): void {
    if (this.doFinish) this.logic.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    if (this.doFail) this.logic.failStage(error);
  }
}

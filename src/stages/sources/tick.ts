import {
  type AsyncCallback,
  type Cancellable,
  type GraphStageLogic,
  GraphStageWithMaterializedValue,
  Outlet,
  type OutHandler,
  requireNonNegativeDuration,
  Source,
  SourceShape,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';
import { requireElement } from './ElementSource.js';

/**
 * Emits `element` after `initialDelayMs`, then every `intervalMs`, on the materializer's clock. A
 * tick that finds no demand is dropped, not queued. Materializes a `Cancellable`: cancelling it
 * completes the source.
 * - Emits when: a tick fires and downstream has demand.
 * - Completes when: the `Cancellable` is cancelled.
 * @throws RangeError if a duration is negative, or `intervalMs` is 0; TypeError if `element` is
 *   null or undefined.
 * @example
 * ```ts
 * const cancellable = Source.tick(0, 1_000, 'tick').to(Sink.foreach(console.log)).run();
 * ```
 * @see keepAlive, throttle
 */
export function tick<T>(
  initialDelayMs: number,
  intervalMs: number,
  element: T,
): Source<T, Cancellable> {
  requireNonNegativeDuration('Source.tick', 'initialDelayMs', initialDelayMs);
  requireNonNegativeDuration('Source.tick', 'intervalMs', intervalMs);
  if (intervalMs === 0) throw new RangeError('Source.tick: intervalMs must be positive, got 0');
  requireElement('Source.tick', element);
  return Source.fromGraph(new Tick(initialDelayMs, intervalMs, element));
}

class Tick<T> extends GraphStageWithMaterializedValue<SourceShape<T>, Cancellable> {
  readonly shape = new SourceShape(new Outlet<T>('tick.out'));
  constructor(
    readonly initialDelayMs: number,
    readonly intervalMs: number,
    readonly element: T,
  ) {
    super('tick');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Cancellable] {
    const logic = new TickLogic(this);
    return [logic, logic.cancellable];
  }
}

class TickCancellable implements Cancellable {
  isCancelled = false;
  constructor(private readonly onCancel: AsyncCallback<undefined>) {}
  cancel(): boolean {
    if (this.isCancelled) return false;
    this.isCancelled = true;
    this.onCancel.invoke(undefined);
    return true;
  }
}

class TickLogic<T> extends TimerGraphStageLogic implements OutHandler {
  readonly cancellable: TickCancellable;
  constructor(private readonly stage: Tick<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
    this.cancellable = new TickCancellable(
      this.getAsyncCallback(() => {
        this.completeStage();
      }),
    );
  }
  override preStart(): void {
    this.scheduleAtFixedRate('tick', this.stage.initialDelayMs, this.stage.intervalMs);
  }
  protected onTimer(): void {
    if (this.isAvailable(this.stage.shape.out)) this.push(this.stage.shape.out, this.stage.element);
  }
  onPull(): void {
    // Ticks are pushed by the timer; a tick without demand is dropped.
  }
  override postStop(): void {
    // The stream ended some other way: the handle reports it as done.
    this.cancellable.isCancelled = true;
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** A periodic element, dropped without demand; see {@link tick}. */
    function tick<T>(
      initialDelayMs: number,
      intervalMs: number,
      element: T,
    ): Source<T, Cancellable>;
  }
}
addSourceFactory('tick', tick);

import {
  FlowShape,
  FusableFlow,
  type Graph,
  Inlet,
  Outlet,
  SinkChain,
  type SinkShape,
  type SinkStep,
  type StepContext,
  type StepSink,
} from '../../core/index.js';

/**
 * @internal The fused form of the fluent `a.alsoTo(sink)` and `a.wireTap(sink)` when `sink` is a
 * single fusable sink ({@link SinkChain}: `Sink.foreach`, `Sink.ignore`, `Sink.fold`, ...): a step
 * that hands each element downstream and then to the sink's step, in the chain. A fusable sink
 * always has demand, so the junction's back-pressure never holds either side, and the fluent form
 * drops the sink's materialized value, as this does.
 * - `alsoTo`: a sink that throws fails the stream; a sink that cancels completes it.
 * - `wireTap`: a sink that throws or cancels is dropped (its error logged) and the stream goes on.
 */
export class TeeChain<T> extends FusableFlow<T, T> {
  readonly shape: FlowShape<T, T>;
  private constructor(
    readonly side: SinkChain<T>,
    readonly tap: boolean,
  ) {
    const name = tap ? 'wireTap' : 'alsoTo';
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
  }

  /** The fused stage, or `undefined` when `sink` is not a single fusable sink. */
  static of<T>(sink: Graph<SinkShape<T>, unknown>, tap: boolean): TeeChain<T> | undefined {
    const side = SinkChain.of(sink);
    return side === undefined ? undefined : new TeeChain(side, tap);
  }

  createStep(downstream: StepSink<T>, context: StepContext): StepSink<T> {
    return this.tap
      ? new WireTapStep(this.side, downstream, context)
      : new AlsoToStep(this.side, downstream, context);
  }
}

abstract class TeeStep<T> implements StepSink<T> {
  protected readonly side: SinkStep<T>;
  /** The sink was told of the end, or cancelled itself: it gets nothing more. */
  protected sideDone = false;
  private finished = false;
  constructor(
    side: SinkChain<T>,
    protected readonly downstream: StepSink<T>,
    protected readonly context: StepContext,
  ) {
    this.side = side.start(context, () => {
      if (this.sideDone) return; // its own completion (a fold settling) cancels too
      this.sideDone = true;
      this.sideCancelled();
    });
  }
  abstract onElement(element: T): void;
  /** The sink cancelled (it is done with its input) before the stream ended. */
  protected abstract sideCancelled(): void;

  onStart(): void {
    if (this.side.onStart !== undefined) this.side.onStart();
  }

  onComplete(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.sideDone) {
      this.sideDone = true;
      this.side.onComplete();
    }
    this.downstream.onComplete();
  }

  /** Ends the stream early: upstream is cancelled and downstream completes. */
  protected end(): void {
    this.context.cancelUpstream();
    if (this.finished) return;
    this.finished = true;
    this.downstream.onComplete();
  }

  /** The stream failed, upstream or downstream: the sink fails with it, as behind the junction. */
  onError(error: unknown): void {
    this.finished = true;
    if (this.sideDone) return;
    this.sideDone = true;
    this.side.onError(error);
  }

  onStop(): void {
    // Stopped without failing or completing here: downstream cancelled, which completes the sink.
    if (!this.sideDone) {
      this.sideDone = true;
      this.side.onComplete();
    }
    if (this.side.onStop !== undefined) this.side.onStop();
  }
}

class AlsoToStep<T> extends TeeStep<T> {
  onElement(element: T): void {
    this.downstream.onElement(element);
    if (!this.sideDone) this.side.onElement(element);
  }
  protected sideCancelled(): void {
    this.end();
  }
}

class WireTapStep<T> extends TeeStep<T> {
  onElement(element: T): void {
    this.downstream.onElement(element);
    if (this.sideDone) return;
    try {
      this.side.onElement(element);
    } catch (error) {
      // The junction's tap would fail on its own, logged, and the main stream go on.
      this.sideDone = true;
      this.context.materializer.log.error(`Error in stage ${this.context.label}/tap`, error);
      this.side.onError(error);
    }
  }
  protected sideCancelled(): void {
    // The main stream goes on without the tap.
  }
}

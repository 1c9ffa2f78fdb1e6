import {
  FusableSink,
  type Graph,
  Inlet,
  NotUsed,
  SinkChain,
  SinkShape,
  type SinkStep,
  type StepContext,
} from '../../core/index.js';
import { PartitionOutOfBoundsError } from './partition.js';

/**
 * @internal The fused form of `Sink.combine(sinks, (n) => broadcast(n, eagerCancel))`, or of a
 * `partition(n, partitioner, eagerCancel)`, when every sink is a single fusable sink
 * ({@link SinkChain}): one sink whose step hands each element to every sink in order (broadcast)
 * or to the one `partitioner` picks. Fusable sinks always have demand, so the junction never waits,
 * and `Sink.combine` drops the sinks' values, as this does. As the junction: a sink that cancels or
 * throws (its error logged) gets nothing more (a partition drops what it picks for it) and the
 * others go on; with `eagerCancel`, or once none is left, a cancel completes the others and
 * cancels upstream, and a failure fails the stream.
 */
export class FanOutSinks<T> extends FusableSink<T, NotUsed> {
  readonly shape: SinkShape<T>;
  private constructor(
    readonly sides: readonly SinkChain<T>[],
    readonly eagerCancel: boolean,
    readonly partitioner: ((element: T) => number) | undefined,
  ) {
    const name = partitioner === undefined ? 'broadcast' : 'partition';
    super(name);
    this.shape = new SinkShape(new Inlet<T>(`${name}.in`));
  }

  /**
   * The fused sink (a broadcast without `partitioner`), or `undefined` when one of `sinks` is not
   * a single fusable sink.
   */
  static of<T>(
    sinks: readonly Graph<SinkShape<T>, unknown>[],
    eagerCancel: boolean,
    partitioner?: (element: T) => number,
  ): FanOutSinks<T> | undefined {
    const sides: SinkChain<T>[] = [];
    for (const sink of sinks) {
      const side = SinkChain.of(sink);
      if (side === undefined) return undefined;
      sides.push(side);
    }
    return new FanOutSinks(sides, eagerCancel, partitioner);
  }

  createSinkStep(context: StepContext): readonly [SinkStep<T>, NotUsed] {
    const step =
      this.partitioner === undefined
        ? new BroadcastStep(this, context)
        : new PartitionStep(this, context, this.partitioner);
    return [step, NotUsed];
  }
}

abstract class FanOutStep<T> implements SinkStep<T> {
  readonly endsChainOnComplete = true;
  protected readonly sides: SinkStep<T>[];
  /** Per sink: it cancelled, failed or was told of the end, and gets nothing more. */
  protected readonly done: boolean[];
  private running: number;
  protected finished = false;
  constructor(
    private readonly stage: FanOutSinks<T>,
    protected readonly context: StepContext,
  ) {
    this.done = stage.sides.map(() => false);
    this.running = stage.sides.length;
    this.sides = stage.sides.map((side, i) =>
      side.start(context, () => {
        this.sideEnded(i);
      }),
    );
  }

  abstract onElement(element: T): void;

  onStart(): void {
    const sides = this.sides;
    for (let i = 0; i < sides.length && !this.finished; i++) {
      const side = sides[i] as SinkStep<T>; // non-null: index in range
      if (!this.done[i] && side.onStart !== undefined) side.onStart();
    }
  }

  onComplete(): void {
    this.completeSides();
    this.context.cancelUpstream();
  }

  onError(error: unknown): void {
    this.finished = true;
    this.sides.forEach((side, i) => {
      if (this.done[i] === true) return;
      this.done[i] = true;
      side.onError(error);
    });
  }

  onStop(): void {
    for (const side of this.sides) if (side.onStop !== undefined) side.onStop();
  }

  /**
   * Hands `element` to sink `i`. As behind the junction, a sink that throws fails on its own
   * (logged) and the others go on; when that ends the junction (`eagerCancel`, or no sink left),
   * the failure fails the stream, and with it the other sinks.
   */
  protected feed(i: number, element: T): void {
    const side = this.sides[i] as SinkStep<T>; // non-null: index in range
    try {
      side.onElement(element);
    } catch (error) {
      this.done[i] = true;
      side.onError(error);
      if (--this.running === 0 || this.stage.eagerCancel) throw error;
      this.context.materializer.log.error(
        `Error in stage ${this.context.label}.out${String(i)}`,
        error,
      );
    }
  }

  /** A sink cancelled (its own completion cancels too, which is already counted). */
  private sideEnded(i: number): void {
    if (this.done[i] === true) return;
    this.done[i] = true;
    if (--this.running !== 0 && !this.stage.eagerCancel) return;
    this.completeSides();
    this.context.cancelUpstream();
  }

  private completeSides(): void {
    if (this.finished) return;
    this.finished = true;
    this.sides.forEach((side, i) => {
      if (this.done[i] === true) return;
      this.done[i] = true;
      side.onComplete();
    });
  }
}

class BroadcastStep<T> extends FanOutStep<T> {
  onElement(element: T): void {
    const n = this.sides.length;
    for (let i = 0; i < n; i++) {
      if (this.done[i] === true) continue;
      this.feed(i, element);
      if (this.finished) return;
    }
  }
}

class PartitionStep<T> extends FanOutStep<T> {
  constructor(
    stage: FanOutSinks<T>,
    context: StepContext,
    private readonly partitioner: (element: T) => number,
  ) {
    super(stage, context);
  }
  onElement(element: T): void {
    const i = this.partitioner(element);
    const n = this.sides.length;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new PartitionOutOfBoundsError(this.context.label, i, n);
    }
    // An element for a sink that is gone is dropped, as the junction drops it.
    if (this.done[i] !== true) this.feed(i, element);
  }
}

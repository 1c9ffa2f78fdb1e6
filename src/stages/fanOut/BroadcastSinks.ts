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

/**
 * @internal The fused form of `Sink.combine(sinks, (n) => broadcast(n, eagerCancel))` when every
 * sink is a single fusable sink ({@link SinkChain}): one sink whose step hands each element to
 * every sink's step in order. Fusable sinks always have demand, so the junction never waits, and
 * `Sink.combine` drops the sinks' values, as this does. As the junction: a sink that cancels or
 * throws (its error logged) gets nothing more and the others go on, unless `eagerCancel` is set,
 * which then completes the others; once none is left, upstream is cancelled.
 */
export class BroadcastSinks<T> extends FusableSink<T, NotUsed> {
  readonly shape = new SinkShape(new Inlet<T>('broadcast.in'));
  private constructor(
    readonly sides: readonly SinkChain<T>[],
    readonly eagerCancel: boolean,
  ) {
    super('broadcast');
  }

  /** The fused sink, or `undefined` when one of `sinks` is not a single fusable sink. */
  static of<T>(
    sinks: readonly Graph<SinkShape<T>, unknown>[],
    eagerCancel: boolean,
  ): BroadcastSinks<T> | undefined {
    const sides: SinkChain<T>[] = [];
    for (const sink of sinks) {
      const side = SinkChain.of(sink);
      if (side === undefined) return undefined;
      sides.push(side);
    }
    return new BroadcastSinks(sides, eagerCancel);
  }

  createSinkStep(context: StepContext): readonly [SinkStep<T>, NotUsed] {
    return [new BroadcastStep(this, context), NotUsed];
  }
}

class BroadcastStep<T> implements SinkStep<T> {
  readonly endsChainOnComplete = true;
  private readonly sides: SinkStep<T>[];
  /** Per sink: it cancelled, failed or was told of the end, and gets nothing more. */
  private readonly done: boolean[];
  private running: number;
  private finished = false;
  constructor(
    private readonly stage: BroadcastSinks<T>,
    private readonly context: StepContext,
  ) {
    this.done = stage.sides.map(() => false);
    this.running = stage.sides.length;
    this.sides = stage.sides.map((side, i) =>
      side.start(context, () => {
        this.sideEnded(i);
      }),
    );
  }

  onStart(): void {
    const sides = this.sides;
    for (let i = 0; i < sides.length && !this.finished; i++) {
      const side = sides[i] as SinkStep<T>; // non-null: index in range
      if (!this.done[i] && side.onStart !== undefined) side.onStart();
    }
  }

  onElement(element: T): void {
    const sides = this.sides;
    for (let i = 0; i < sides.length; i++) {
      if (this.done[i] === true) continue;
      try {
        (sides[i] as SinkStep<T>).onElement(element); // non-null: index in range
      } catch (error) {
        this.sideFailed(i, error);
      }
      if (this.finished) return;
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

  /** A sink threw: as the junction's input would, it fails on its own, logged. */
  private sideFailed(i: number, error: unknown): void {
    this.done[i] = true;
    this.context.materializer.log.error(
      `Error in stage ${this.context.label}.out${String(i)}`,
      error,
    );
    (this.sides[i] as SinkStep<T>).onError(error); // non-null: index in range
    this.dropped();
  }

  /** A sink cancelled (its own completion cancels too, which is already counted). */
  private sideEnded(i: number): void {
    if (this.done[i] === true) return;
    this.done[i] = true;
    this.dropped();
  }

  private dropped(): void {
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

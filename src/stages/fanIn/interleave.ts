import {
  Flow,
  type Graph,
  GraphStage,
  GraphStageLogic,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requirePositiveInt,
  type SourceShape,
  UniformFanInShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { IndexedInput, type IndexedInputs } from '../IndexedHandlers.js';
import { fanInFlow } from './fanInFlow.js';
import { InterleaveChains } from './InterleaveChains.js';

/**
 * A junction that takes `segmentSize` elements from each of `n` inputs in turn. A completed input
 * is skipped.
 * - Emits when: the current input has an element available.
 * - Backpressures when: downstream backpressures.
 * - Completes when: all inputs complete, or any input completes when `eagerClose` is set.
 * - Cancels when: downstream cancels.
 *
 * The fluent `a.interleave(b, k)` (and `a.interleaveAll(those, k)`) without `eagerClose`, over
 * sources that are plain chains of fusable stages (`Source.from(xs).map(g)`), runs them inside a
 * step of the stream instead of through this junction, in the same order.
 * @example
 * ```ts
 * // [1, 2, 10, 20, 3, 30]
 * Source.from([1, 2, 3]).interleave(Source.from([10, 20, 30]), 2).runWith(Sink.seq());
 * ```
 * @throws RangeError if `n` or `segmentSize` is not a positive integer.
 * @see merge, concat
 */
export function interleave<T>(
  n: number,
  segmentSize: number,
  eagerClose = false,
): GraphStage<UniformFanInShape<T, T>> {
  requirePositiveInt('interleave', 'n', n);
  requirePositiveInt('interleave', 'segmentSize', segmentSize);
  return new Interleave<T>(n, segmentSize, eagerClose);
}

/** @internal */
export class Interleave<T> extends GraphStage<UniformFanInShape<T, T>> {
  readonly shape: UniformFanInShape<T, T>;
  constructor(
    n: number,
    readonly segmentSize: number,
    readonly eagerClose: boolean,
  ) {
    super('interleave');
    this.shape = UniformFanInShape.named<T, T>('interleave', n);
  }
  createLogic(): GraphStageLogic {
    return new InterleaveLogic(this);
  }
}

class InterleaveLogic<T> extends GraphStageLogic implements OutHandler, IndexedInputs {
  private readonly ins: readonly Inlet<T>[];
  private readonly out: Outlet<T>;
  private current = 0;
  /** Elements taken from the current input in this segment. */
  private taken = 0;
  private running: number;
  constructor(private readonly stage: Interleave<T>) {
    super(stage.shape);
    this.ins = stage.shape.inlets;
    this.out = stage.shape.out;
    this.running = this.ins.length;
    this.ins.forEach((inlet, i) => {
      this.setHandler(inlet, new IndexedInput(this, i));
    });
    this.setHandler(this.out, this);
  }
  onPull(): void {
    this.tryPull(this.ins[this.current] as Inlet<T>); // current < ins.length
  }
  onInputPush(index: number): void {
    this.push(this.out, this.grab(this.ins[index] as Inlet<T>));
    if (++this.taken === this.stage.segmentSize) this.switchToNext();
  }
  onInputFinish(index: number): void {
    if (this.stage.eagerClose || --this.running === 0) {
      this.completeStage();
      return;
    }
    if (index === this.current) {
      this.switchToNext();
      if (this.isAvailable(this.out)) this.onPull();
    }
  }
  /** Moves to the next open input (there is one: `running > 0`). */
  private switchToNext(): void {
    this.taken = 0;
    const n = this.ins.length;
    do this.current = (this.current + 1) % n;
    while (this.isClosed(this.ins[this.current] as Inlet<T>) && this.running > 0);
  }
}

function interleaveWith<T>(
  that: Graph<SourceShape<T>, unknown>,
  segmentSize: number,
  eagerClose = false,
): Flow<T, T, NotUsed> {
  const fused = eagerClose ? undefined : InterleaveChains.of([that], segmentSize, 'interleave');
  if (fused !== undefined) return Flow.fromGraph(fused);
  return fanInFlow(
    interleave<T>(2, segmentSize, eagerClose),
    that,
    (s) => [s.in(0), s.in(1), s.out] as const,
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Takes `segmentSize` elements from this stream and `that` in turn; see {@link interleave}. */
    interleave(
      that: Graph<SourceShape<Out>, unknown>,
      segmentSize: number,
      eagerClose?: boolean,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('interleave', interleaveWith);

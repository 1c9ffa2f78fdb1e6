import {
  Flow,
  type Graph,
  GraphStage,
  type GraphStageLogic,
  type NotUsed,
  requirePositiveInt,
  RingBuffer,
  type SourceShape,
  UniformFanInShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInFlow } from './fanInFlow.js';
import { MergeChains } from './MergeChains.js';
import { MergeLogic } from './MergeLogic.js';

/**
 * A junction that merges `n` inputs into one output, first come first served. Use it in
 * `GraphDSL` (`b.add(merge<number>(3))`); the fluent form is `source.merge(that)`.
 * - Emits when: one of the inputs has an element available.
 * - Backpressures when: downstream backpressures (each input holds at most one element).
 * - Completes when: all inputs complete, or any input completes when `eagerComplete` is set.
 * - Cancels when: downstream cancels.
 *
 * The fluent `a.merge(b)` (and `a.mergeAll(those)`) over sources that are plain chains of fusable
 * stages (`Source.from(xs).map(g)`) runs them inside a step of the stream instead of through this
 * junction: upstream and each source take turns, one element each, and one that has nothing at
 * once is skipped until it has.
 * @throws RangeError if `n` is not a positive integer.
 * @see mergePreferred, mergePrioritized, mergeSorted, interleave
 */
export function merge<T>(n: number, eagerComplete = false): GraphStage<UniformFanInShape<T, T>> {
  requirePositiveInt('merge', 'n', n);
  return new Merge<T>(n, eagerComplete);
}

/** @internal */
export class Merge<T> extends GraphStage<UniformFanInShape<T, T>> {
  readonly shape: UniformFanInShape<T, T>;
  constructor(
    n: number,
    readonly eagerComplete: boolean,
  ) {
    super('merge');
    this.shape = UniformFanInShape.named<T, T>('merge', n);
  }
  createLogic(): GraphStageLogic {
    return new FifoMergeLogic(this.shape, this.eagerComplete);
  }
}

// Inputs are served in the order their elements arrived, which is fair under contention.
class FifoMergeLogic<T> extends MergeLogic<T> {
  private readonly waiting: RingBuffer<number>;
  constructor(shape: UniformFanInShape<T, T>, eagerComplete: boolean) {
    super(shape, eagerComplete);
    this.waiting = new RingBuffer<number>(shape.inlets.length);
  }
  protected enqueue(index: number): void {
    this.waiting.enqueue(index);
  }
  protected dequeue(): number {
    return this.waiting.dequeue();
  }
}

function mergeWith<T>(
  that: Graph<SourceShape<T>, unknown>,
  eagerComplete = false,
): Flow<T, T, NotUsed> {
  const fused = MergeChains.of([that], eagerComplete, 'merge');
  if (fused !== undefined) return Flow.fromGraph(fused);
  return fanInFlow(merge<T>(2, eagerComplete), that, (s) => [s.in(0), s.in(1), s.out] as const);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Merges `that` into this stream, first come first served; see {@link merge}. */
    merge(
      that: Graph<SourceShape<Out>, unknown>,
      eagerComplete?: boolean,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('merge', mergeWith);

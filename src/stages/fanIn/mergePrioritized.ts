import {
  type Flow,
  type Graph,
  GraphStage,
  type GraphStageLogic,
  type NotUsed,
  type SourceShape,
  UniformFanInShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInFlow } from './fanInFlow.js';
import { MergeLogic } from './MergeLogic.js';

/**
 * A merge that, when several inputs wait, serves them in proportion to their `priorities` (one
 * positive integer per input). The choice is deterministic, a smooth weighted round robin rather
 * than Akka's random draw, so tests and replays see the same order.
 * - Emits when: one of the inputs has an element available.
 * - Backpressures when: downstream backpressures.
 * - Completes when: all inputs complete, or any input completes when `eagerComplete` is set.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `priorities` is empty or holds anything but positive integers.
 * @see merge, mergePreferred
 */
export function mergePrioritized<T>(
  priorities: readonly number[],
  eagerComplete = false,
): GraphStage<UniformFanInShape<T, T>> {
  if (priorities.length === 0)
    throw new RangeError('mergePrioritized: priorities must not be empty, got []');
  for (const p of priorities) {
    if (!Number.isInteger(p) || p < 1) {
      throw new RangeError(
        `mergePrioritized: priorities must be positive integers, got ${String(p)}`,
      );
    }
  }
  return new MergePrioritized<T>([...priorities], eagerComplete);
}

class MergePrioritized<T> extends GraphStage<UniformFanInShape<T, T>> {
  readonly shape: UniformFanInShape<T, T>;
  constructor(
    readonly priorities: readonly number[],
    readonly eagerComplete: boolean,
  ) {
    super('mergePrioritized');
    this.shape = UniformFanInShape.named<T, T>('mergePrioritized', priorities.length);
  }
  createLogic(): GraphStageLogic {
    return new MergePrioritizedLogic(this.shape, this.priorities, this.eagerComplete);
  }
}

class MergePrioritizedLogic<T> extends MergeLogic<T> {
  private readonly waiting: boolean[];
  /** Smooth weighted round robin credit per input; only waiting inputs take part in a draw. */
  private readonly credit: number[];
  constructor(
    shape: UniformFanInShape<T, T>,
    private readonly priorities: readonly number[],
    eagerComplete: boolean,
  ) {
    super(shape, eagerComplete);
    this.waiting = priorities.map(() => false);
    this.credit = priorities.map(() => 0);
  }
  protected enqueue(index: number): void {
    this.waiting[index] = true;
  }
  protected dequeue(): number {
    let best = -1;
    let total = 0;
    for (let i = 0; i < this.priorities.length; i++) {
      if (this.waiting[i] !== true) continue;
      const weight = this.priorities[i] as number; // i < priorities.length
      total += weight;
      const credit = (this.credit[i] as number) + weight; // same length as priorities
      this.credit[i] = credit;
      if (best < 0 || credit > (this.credit[best] as number)) best = i;
    }
    this.credit[best] = (this.credit[best] as number) - total; // best >= 0: something waits
    this.waiting[best] = false;
    return best;
  }
}

function mergePrioritizedWith<T>(
  that: Graph<SourceShape<T>, unknown>,
  leftPriority: number,
  rightPriority: number,
  eagerComplete = false,
): Flow<T, T, NotUsed> {
  return fanInFlow(
    mergePrioritized<T>([leftPriority, rightPriority], eagerComplete),
    that,
    (s) => [s.in(0), s.in(1), s.out] as const,
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Merges `that`, weighting this stream and `that`; see {@link mergePrioritized}. */
    mergePrioritized(
      that: Graph<SourceShape<Out>, unknown>,
      leftPriority: number,
      rightPriority: number,
      eagerComplete?: boolean,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('mergePrioritized', mergePrioritizedWith);

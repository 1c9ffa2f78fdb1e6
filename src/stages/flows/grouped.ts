import {
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  type NotUsed,
  Outlet,
  requirePositiveInt,
  type StepSink,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Chunks the stream into arrays of `n` elements; the last one may be shorter.
 * - Emits when: `n` elements were collected, or upstream completes with a non-empty remainder.
 * - Backpressures when: a group is full and downstream backpressures.
 * - Completes when: upstream completes and the remainder was emitted.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `n` is not a positive integer.
 * @see sliding, groupedWithin
 */
export function grouped<T>(n: number): Flow<T, T[], NotUsed> {
  requirePositiveInt('grouped', 'n', n);
  return Flow.fromGraph(new Grouped<T>(n));
}

// A fusable stage: a group goes out on the element that fills it, the remainder on completion.
class Grouped<T> extends FusableFlow<T, T[]> {
  readonly shape = new FlowShape(new Inlet<T>('grouped.in'), new Outlet<T[]>('grouped.out'));
  constructor(readonly n: number) {
    super('grouped');
  }
  createStep(downstream: StepSink<T[]>): StepSink<T> {
    return new GroupedStep(this.n, downstream);
  }
}

class GroupedStep<T> implements StepSink<T> {
  private group: T[] = [];
  constructor(
    private readonly n: number,
    private readonly downstream: StepSink<T[]>,
  ) {}
  onElement(element: T): void {
    const group = this.group;
    group.push(element);
    if (group.length === this.n) {
      this.group = [];
      this.downstream.onElement(group);
    }
  }
  onComplete(): void {
    if (this.group.length > 0) this.downstream.onElement(this.group);
    this.downstream.onComplete();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Arrays of `n` elements; see {@link grouped}. */
    grouped(n: number): Repr<Kind, In, Out[], Mat>;
  }
}
addFlowOperator('grouped', grouped);

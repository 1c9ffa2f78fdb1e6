import {
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  type NotUsed,
  Outlet,
  type StepSink,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Pairs each element with its 0-based index: `[element, index]`.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @see zip, statefulMap
 */
export function zipWithIndex<T>(): Flow<T, [T, number], NotUsed> {
  return Flow.fromGraph(new ZipWithIndex<T>());
}

// A fusable stage: next to other fusable stages it runs as a step of one fused logic.
class ZipWithIndex<T> extends FusableFlow<T, [T, number]> {
  readonly shape = new FlowShape(
    new Inlet<T>('zipWithIndex.in'),
    new Outlet<[T, number]>('zipWithIndex.out'),
  );
  constructor() {
    super('zipWithIndex');
  }
  createStep(downstream: StepSink<[T, number]>): StepSink<T> {
    return new ZipWithIndexStep(downstream);
  }
}

class ZipWithIndexStep<T> implements StepSink<T> {
  private index = 0;
  constructor(private readonly downstream: StepSink<[T, number]>) {}
  onElement(element: T): void {
    this.downstream.onElement([element, this.index++]);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Pairs each element with its index; see {@link zipWithIndex}. */
    zipWithIndex(): Source<[Out, number], Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Pairs each element with its index; see {@link zipWithIndex}. */
    zipWithIndex(): Flow<In, [Out, number], Mat>;
  }
}
addFlowOperator('zipWithIndex', zipWithIndex);

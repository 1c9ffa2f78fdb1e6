import { Flow, type NotUsed, type StepSink, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { StepFlow } from './StepFlow.js';

/**
 * Pairs each element with its 0-based index: `[element, index]`.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @see zip, statefulMap
 */
export function zipWithIndex<T>(): Flow<T, [T, number], NotUsed> {
  return Flow.fromGraph(
    new StepFlow<T, [T, number]>('zipWithIndex', (downstream) => new ZipWithIndexStep(downstream)),
  );
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

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Pairs each element with its index; see {@link zipWithIndex}. */
    zipWithIndex(): Repr<Kind, In, [Out, number], Mat>;
  }
}
addFlowOperator('zipWithIndex', zipWithIndex);

import {
  type Decider,
  Flow,
  type NotUsed,
  requireFunction,
  type StepSink,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { StepFlow } from './StepFlow.js';

/**
 * Drops elements while `p` holds; from the first element for which it does not, passes everything.
 * - Emits when: `p` returned false once, and upstream pushes.
 * - Backpressures when: `p` returned false once, and downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see drop, takeWhile
 */
export function dropWhile<T>(p: (element: T) => boolean): Flow<T, T, NotUsed> {
  requireFunction('dropWhile', 'p', p);
  return Flow.fromGraph(
    new StepFlow<T, T>(
      'dropWhile',
      (downstream, decider) => new DropWhileStep(p, downstream, decider),
    ),
  );
}

class DropWhileStep<T> implements StepSink<T> {
  private isDropping = true;
  constructor(
    private readonly p: (element: T) => boolean,
    private readonly downstream: StepSink<T>,
    private readonly decider: Decider | undefined,
  ) {}
  onElement(element: T): void {
    if (this.isDropping) {
      let drop: boolean;
      try {
        drop = this.p(element);
      } catch (error) {
        if (this.decider === undefined || this.decider(error) === 'stop') throw error;
        return;
      }
      if (drop) return;
      this.isDropping = false;
    }
    this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Drops elements while `p` holds; see {@link dropWhile}. */
    dropWhile(p: (element: Out) => boolean): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('dropWhile', dropWhile);

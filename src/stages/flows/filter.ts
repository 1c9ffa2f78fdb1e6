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
 * Passes the elements for which `p` holds.
 * - Emits when: upstream pushes an element for which `p` returns true.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see filterNot, collect
 */
export function filter<T>(p: (element: T) => boolean): Flow<T, T, NotUsed> {
  requireFunction('filter', 'p', p);
  return Flow.fromGraph(
    new StepFlow<T, T>('filter', (downstream, decider) => new FilterStep(p, downstream, decider)),
  );
}

class FilterStep<T> implements StepSink<T> {
  constructor(
    private readonly p: (element: T) => boolean,
    private readonly downstream: StepSink<T>,
    private readonly decider: Decider | undefined,
  ) {}
  // Passing nothing on drops the element: the chain asks upstream for the next one.
  onElement(element: T): void {
    let pass: boolean;
    if (this.decider === undefined) {
      pass = this.p(element);
    } else {
      try {
        pass = this.p(element);
      } catch (error) {
        if (this.decider(error) === 'stop') throw error;
        pass = false;
      }
    }
    if (pass) this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes the elements for which `p` holds; see {@link filter}. */
    filter(p: (element: Out) => boolean): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('filter', filter);

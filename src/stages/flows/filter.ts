import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  type NotUsed,
  Outlet,
  requireFunction,
  type StepContext,
  type StepSink,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

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
  return Flow.fromGraph(new FilterStage(p));
}

// A fusable stage: next to other fusable stages it runs as a step of one fused logic.
class FilterStage<T> extends FusableFlow<T, T> {
  readonly shape = new FlowShape(new Inlet<T>('filter.in'), new Outlet<T>('filter.out'));
  constructor(readonly p: (element: T) => boolean) {
    super('filter');
  }
  createStep(downstream: StepSink<T>, _context: StepContext, attributes: Attributes): StepSink<T> {
    return new FilterStep(this.p, downstream, deciderOf(attributes));
  }
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

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes the elements for which `p` holds; see {@link filter}. */
    filter(p: (element: Out) => boolean): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes the elements for which `p` holds; see {@link filter}. */
    filter(p: (element: Out) => boolean): Flow<In, Out, Mat>;
  }
}
addFlowOperator('filter', filter);

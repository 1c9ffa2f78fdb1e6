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
 * Passes the elements for which `p` does not hold.
 * - Emits when: upstream pushes an element for which `p` returns false.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see filter, collect
 */
export function filterNot<T>(p: (element: T) => boolean): Flow<T, T, NotUsed> {
  requireFunction('filterNot', 'p', p);
  return Flow.fromGraph(new FilterNot(p));
}

// A fusable stage: next to other fusable stages it runs as a step of one fused logic.
class FilterNot<T> extends FusableFlow<T, T> {
  readonly shape = new FlowShape(new Inlet<T>('filterNot.in'), new Outlet<T>('filterNot.out'));
  constructor(readonly p: (element: T) => boolean) {
    super('filterNot');
  }
  createStep(downstream: StepSink<T>, _context: StepContext, attributes: Attributes): StepSink<T> {
    return new FilterNotStep(this.p, downstream, deciderOf(attributes));
  }
}

class FilterNotStep<T> implements StepSink<T> {
  constructor(
    private readonly p: (element: T) => boolean,
    private readonly downstream: StepSink<T>,
    private readonly decider: Decider | undefined,
  ) {}
  onElement(element: T): void {
    let drop: boolean;
    if (this.decider === undefined) {
      drop = this.p(element);
    } else {
      try {
        drop = this.p(element);
      } catch (error) {
        if (this.decider(error) === 'stop') throw error;
        drop = true;
      }
    }
    // A dropped element makes the chain ask upstream for the next one.
    if (!drop) this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes the elements for which `p` does not hold; see {@link filterNot}. */
    filterNot(p: (element: Out) => boolean): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes the elements for which `p` does not hold; see {@link filterNot}. */
    filterNot(p: (element: Out) => boolean): Flow<In, Out, Mat>;
  }
}
addFlowOperator('filterNot', filterNot);

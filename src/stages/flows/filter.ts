import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { filterStep } from './mapFilterSteps.js';
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
    new StepFlow<T, T>('filter', (downstream, decider) => filterStep(p, downstream, decider)),
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes the elements for which `p` holds; see {@link filter}. */
    filter(p: (element: Out) => boolean): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('filter', filter);

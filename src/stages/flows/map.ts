import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { mapStep } from './mapFilterSteps.js';
import { StepFlow } from './StepFlow.js';

/**
 * Transforms each element with `f`.
 * - Emits when: upstream pushes and `f` returns.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `f` throws is dropped.
 * @throws TypeError if `f` is not a function.
 * @see filter, mapConcat, mapAsync
 */
export function map<In, Out>(f: (element: In) => Out): Flow<In, Out, NotUsed> {
  requireFunction('map', 'f', f);
  return Flow.fromGraph(
    new StepFlow<In, Out>('map', (downstream, decider, context) =>
      mapStep(f, downstream, context, decider),
    ),
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Transforms each element with `f`; see {@link map}. */
    map<T>(f: (element: Out) => T): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('map', map);

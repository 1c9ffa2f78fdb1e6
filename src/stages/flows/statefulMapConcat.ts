import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { mapConcatStage } from './mapConcat.js';

/**
 * Like `mapConcat`, with state: `factory` runs once per materialization (and again on a
 * supervision restart) and returns the element-to-iterable function, which may close over state.
 * - Emits when: the current iterable has a next element and downstream pulls.
 * - Backpressures when: downstream backpressures, or the current iterable still has elements.
 * - Completes when: upstream completes and the last iterable is drained.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: `resume` drops the element, `restart` drops it and calls `factory` again.
 * @throws TypeError if `factory` is not a function.
 * @see mapConcat, statefulMap
 */
export function statefulMapConcat<In, Out>(
  factory: () => (element: In) => Iterable<Out>,
): Flow<In, Out, NotUsed> {
  requireFunction('statefulMapConcat', 'factory', factory);
  return Flow.fromGraph(mapConcatStage(factory, 'statefulMapConcat'));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** `mapConcat` with per-materialization state; see {@link statefulMapConcat}. */
    statefulMapConcat<T>(factory: () => (element: Out) => Iterable<T>): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('statefulMapConcat', statefulMapConcat);

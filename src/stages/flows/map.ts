import {
  type Decider,
  Flow,
  type NotUsed,
  requireFunction,
  type StepContext,
  type StepSink,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
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
    new StepFlow<In, Out>(
      'map',
      (downstream, decider, context) => new MapStep(f, downstream, context, decider),
    ),
  );
}

// The step copies `f` and its downstream into fields, so an element allocates nothing.
class MapStep<In, Out> implements StepSink<In> {
  constructor(
    private readonly f: (element: In) => Out,
    private readonly downstream: StepSink<Out>,
    private readonly context: StepContext,
    private readonly decider: Decider | undefined,
  ) {}
  onElement(element: In): void {
    let result: Out;
    if (this.decider === undefined) {
      result = this.f(element);
    } else {
      try {
        result = this.f(element);
      } catch (error) {
        if (this.decider(error) === 'stop') throw error;
        return; // dropped: the chain asks upstream for the next element
      }
    }
    if (result === undefined || result === null) throw this.context.illegalElement(result);
    this.downstream.onElement(result);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Transforms each element with `f`; see {@link map}. */
    map<T>(f: (element: Out) => T): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('map', map);

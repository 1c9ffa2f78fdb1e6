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
 * Maps and filters in one step. `f` is either a type guard (or any predicate), which passes the
 * elements it accepts narrowed to the guarded type, or a partial function returning `undefined`
 * (or `null`) for the elements to drop and the mapped value for the others. A boolean result is
 * always read as a predicate: to emit booleans, use `map` and `filter`.
 * - Emits when: `f` returns `true` (the element) or a value other than `false`, `undefined`, `null`.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `f` throws is dropped.
 * @example
 * ```ts
 * Source.from<unknown>([1, 'a', 2]).collect((x): x is number => typeof x === 'number'); // 1, 2
 * Source.from(['1', 'x', '3']).collect((s) => (/^\d+$/.test(s) ? Number(s) : undefined)); // 1, 3
 * ```
 * @throws TypeError if `f` is not a function.
 * @see filter, map
 */
export function collect<In, S extends In>(f: (element: In) => element is S): Flow<In, S, NotUsed>;
export function collect<In>(f: (element: In) => boolean): Flow<In, In, NotUsed>;
export function collect<In, Out>(
  f: (element: In) => Out | undefined | null,
): Flow<In, Out, NotUsed>;
export function collect<In, Out>(f: (element: In) => unknown): Flow<In, Out, NotUsed> {
  requireFunction('collect', 'f', f);
  return Flow.fromGraph(
    new StepFlow<In, Out>(
      'collect',
      (downstream, decider) => new CollectStep(f, downstream, decider),
    ),
  );
}

class CollectStep<In, Out> implements StepSink<In> {
  constructor(
    private readonly f: (element: In) => unknown,
    private readonly downstream: StepSink<Out>,
    private readonly decider: Decider | undefined,
  ) {}
  onElement(element: In): void {
    let result: unknown;
    if (this.decider === undefined) {
      result = this.f(element);
    } else {
      try {
        result = this.f(element);
      } catch (error) {
        if (this.decider(error) === 'stop') throw error;
        return;
      }
    }
    if (result === undefined || result === null || result === false) return;
    // A `true` comes from a predicate or type guard: the element itself passes, narrowed.
    this.downstream.onElement((result === true ? element : result) as Out);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes what a type guard accepts, narrowed; see {@link collect}. */
    collect<S extends Out>(f: (element: Out) => element is S): Repr<Kind, In, S, Mat>;
    /** Passes what a predicate accepts; see {@link collect}. */
    collect(f: (element: Out) => boolean): Repr<Kind, In, Out, Mat>;
    /** Maps with a partial function, dropping `undefined` results; see {@link collect}. */
    collect<T>(f: (element: Out) => T | undefined | null): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('collect', collect);

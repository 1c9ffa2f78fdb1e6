import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

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
  return Flow.fromGraph(new Collect<In, Out>(f));
}

class Collect<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(new Inlet<In>('collect.in'), new Outlet<Out>('collect.out'));
  constructor(readonly f: (element: In) => unknown) {
    super('collect');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new CollectLogic(this, deciderOf(attributes));
  }
}

class CollectLogic<In, Out> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  private readonly f: (element: In) => unknown;
  constructor(
    stage: Collect<In, Out>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.f = stage.f;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let result: unknown;
    if (this.decider === undefined) {
      result = this.f(element);
    } else {
      try {
        result = this.f(element);
      } catch (error) {
        if (this.decider(error) === 'stop') throw error;
        result = undefined;
      }
    }
    if (result === undefined || result === null || result === false) this.pull(this.in);
    // A `true` comes from a predicate or type guard: the element itself passes, narrowed.
    else this.push(this.out, (result === true ? element : result) as Out);
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes what a type guard accepts, narrowed; see {@link collect}. */
    collect<S extends Out>(f: (element: Out) => element is S): Source<S, Mat>;
    /** Passes what a predicate accepts; see {@link collect}. */
    collect(f: (element: Out) => boolean): Source<Out, Mat>;
    /** Maps with a partial function, dropping `undefined` results; see {@link collect}. */
    collect<T>(f: (element: Out) => T | undefined | null): Source<T, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes what a type guard accepts, narrowed; see {@link collect}. */
    collect<S extends Out>(f: (element: Out) => element is S): Flow<In, S, Mat>;
    /** Passes what a predicate accepts; see {@link collect}. */
    collect(f: (element: Out) => boolean): Flow<In, Out, Mat>;
    /** Maps with a partial function, dropping `undefined` results; see {@link collect}. */
    collect<T>(f: (element: Out) => T | undefined | null): Flow<In, T, Mat>;
  }
}
addFlowOperator('collect', collect);

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
 * Passes elements while `p` holds, then completes and cancels upstream. With `inclusive`, the
 * first element for which `p` fails is emitted too.
 * - Emits when: `p` returns true (or false, once, with `inclusive`).
 * - Backpressures when: downstream backpressures.
 * - Completes when: `p` returns false, or upstream completes.
 * - Cancels when: `p` returns false, or downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see take, dropWhile
 */
export function takeWhile<T>(p: (element: T) => boolean, inclusive = false): Flow<T, T, NotUsed> {
  requireFunction('takeWhile', 'p', p);
  return Flow.fromGraph(new TakeWhile('takeWhile', p, inclusive));
}

/**
 * @internal The stage of `takeWhile` and of `takeUntil` (which passes a negated `p` with
 * `inclusive`). A fusable stage: next to other fusable stages it runs as a step of one fused
 * logic.
 */
export class TakeWhile<T> extends FusableFlow<T, T> {
  readonly shape: FlowShape<T, T>;
  constructor(
    name: 'takeWhile' | 'takeUntil',
    readonly p: (element: T) => boolean,
    readonly inclusive: boolean,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
  }
  createStep(downstream: StepSink<T>, _context: StepContext, attributes: Attributes): StepSink<T> {
    return new TakeWhileStep(this.p, this.inclusive, downstream, deciderOf(attributes));
  }
}

// Completing downstream ends the fused chain, which also cancels upstream.
class TakeWhileStep<T> implements StepSink<T> {
  constructor(
    private readonly p: (element: T) => boolean,
    private readonly inclusive: boolean,
    private readonly downstream: StepSink<T>,
    private readonly decider: Decider | undefined,
  ) {}
  onElement(element: T): void {
    let pass: boolean;
    try {
      pass = this.p(element);
    } catch (error) {
      if (this.decider === undefined || this.decider(error) === 'stop') throw error;
      return;
    }
    if (pass) {
      this.downstream.onElement(element);
      return;
    }
    if (this.inclusive) this.downstream.onElement(element);
    this.downstream.onComplete();
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes elements while `p` holds; see {@link takeWhile}. */
    takeWhile(p: (element: Out) => boolean, inclusive?: boolean): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes elements while `p` holds; see {@link takeWhile}. */
    takeWhile(p: (element: Out) => boolean, inclusive?: boolean): Flow<In, Out, Mat>;
  }
}
addFlowOperator('takeWhile', takeWhile);

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
  return Flow.fromGraph(
    new StepFlow<T, T>(
      'takeWhile',
      (downstream, decider) => new TakeWhileStep(p, inclusive, downstream, decider),
    ),
  );
}

/**
 * @internal The step of `takeWhile`, and of `takeUntil` (a negated `p`, `inclusive`). Completing
 * downstream ends the fused chain, which also cancels upstream.
 */
export class TakeWhileStep<T> implements StepSink<T> {
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

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes elements while `p` holds; see {@link takeWhile}. */
    takeWhile(p: (element: Out) => boolean, inclusive?: boolean): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('takeWhile', takeWhile);

import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { StepFlow } from './StepFlow.js';
import { TakeWhileStep } from './takeWhile.js';

/**
 * Passes elements until `p` holds: the element for which it first holds is emitted too, then the
 * stage completes and cancels upstream. It is `takeWhile` with the negated predicate and
 * `inclusive` set (Pekko's `takeUntil`).
 * - Emits when: upstream pushes and `p` has not yet held (including the element it holds for).
 * - Backpressures when: downstream backpressures.
 * - Completes when: `p` holds (after emitting that element), or upstream completes.
 * - Cancels when: `p` holds, or downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see takeWhile, take
 */
export function takeUntil<T>(p: (element: T) => boolean): Flow<T, T, NotUsed> {
  requireFunction('takeUntil', 'p', p);
  // Negated once here, so the shared step runs unchanged (one extra call per element, no
  // allocation).
  const notP = (element: T): boolean => !p(element);
  return Flow.fromGraph(
    new StepFlow<T, T>(
      'takeUntil',
      (downstream, decider) => new TakeWhileStep(notP, true, downstream, decider),
    ),
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes elements up to and including the first one matching `p`; see {@link takeUntil}. */
    takeUntil(p: (element: Out) => boolean): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('takeUntil', takeUntil);

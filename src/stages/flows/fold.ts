import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { FoldWhileStep } from './foldWhile.js';
import { StepFlow } from './StepFlow.js';

const always = (): boolean => true;

/**
 * Folds every element into an accumulator and emits it once, when upstream completes. It is
 * fusable (a step of `foldWhile` whose predicate always holds).
 * - Emits when: upstream completes.
 * - Backpressures when: downstream backpressures: it takes elements only once downstream asked
 *   for the result, as in Pekko.
 * - Completes when: upstream completes and the result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: `resume` keeps the accumulator, `restart` resets it to `zero`.
 * @throws TypeError if `f` is not a function.
 * @see scan, Sink.fold
 */
export function fold<In, Acc>(
  zero: Acc,
  f: (acc: Acc, element: In) => Acc,
): Flow<In, Acc, NotUsed> {
  requireFunction('fold', 'f', f);
  return Flow.fromGraph(
    new StepFlow<In, Acc>(
      'fold',
      (downstream, decider, context) =>
        new FoldWhileStep(zero, always, f, downstream, decider, context),
    ),
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Folds every element and emits the result at completion; see {@link fold}. */
    fold<Acc>(zero: Acc, f: (acc: Acc, element: Out) => Acc): Repr<Kind, In, Acc, Mat>;
  }
}
addFlowOperator('fold', fold);

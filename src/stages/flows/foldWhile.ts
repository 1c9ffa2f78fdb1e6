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
 * Folds elements into an accumulator while `p` holds for it, and emits it once: when `p` stops
 * holding (then it cancels upstream; if it fails for `zero`, no element is taken), or when
 * upstream completes.
 * - Emits when: `p` is false for the new accumulator, or upstream completes.
 * - Backpressures when: downstream backpressures (for the one result).
 * - Completes when: it emitted the result.
 * - Cancels when: downstream cancels, or `p` is false.
 *
 * Honours supervision: `resume` keeps the accumulator, `restart` resets it to `zero`.
 * @example
 * ```ts
 * Source.range(1, 100).foldWhile(0, (sum) => sum < 10, (sum, x) => sum + x); // 10, then cancels
 * ```
 * @throws TypeError if `p` or `f` is not a function.
 * @see fold, takeWhile
 */
export function foldWhile<In, Acc>(
  zero: Acc,
  p: (acc: Acc) => boolean,
  f: (acc: Acc, element: In) => Acc,
): Flow<In, Acc, NotUsed> {
  requireFunction('foldWhile', 'p', p);
  requireFunction('foldWhile', 'f', f);
  return Flow.fromGraph(
    new StepFlow<In, Acc>(
      'foldWhile',
      (downstream, decider, context) => new FoldWhileStep(zero, p, f, downstream, decider, context),
    ),
  );
}

/** @internal The step of `foldWhile`, and of `fold` (with a `p` that always holds). */
export class FoldWhileStep<In, Acc> implements StepSink<In> {
  private acc: Acc;
  private done = false;
  constructor(
    private readonly zero: Acc,
    private readonly p: (acc: Acc) => boolean,
    private readonly f: (acc: Acc, element: In) => Acc,
    private readonly downstream: StepSink<Acc>,
    private readonly decider: Decider | undefined,
    private readonly context: StepContext,
  ) {
    this.acc = zero;
  }
  onStart(): void {
    if (!this.p(this.acc)) this.stop();
  }
  onElement(element: In): void {
    try {
      this.acc = this.f(this.acc, element);
    } catch (error) {
      const directive = this.decider?.(error) ?? 'stop';
      if (directive === 'stop') throw error;
      if (directive === 'restart') this.acc = this.zero;
      return;
    }
    if (!this.p(this.acc)) this.stop();
  }
  private stop(): void {
    this.context.cancelUpstream();
    this.onComplete();
  }
  onComplete(): void {
    if (this.done) return;
    this.done = true;
    const acc = this.acc;
    if (acc === undefined || acc === null) throw this.context.illegalElement(acc);
    this.downstream.onElement(acc);
    this.downstream.onComplete();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Folds while `p` holds for the accumulator; see {@link foldWhile}. */
    foldWhile<Acc>(
      zero: Acc,
      p: (acc: Acc) => boolean,
      f: (acc: Acc, element: Out) => Acc,
    ): Repr<Kind, In, Acc, Mat>;
  }
}
addFlowOperator('foldWhile', foldWhile);

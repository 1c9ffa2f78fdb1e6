import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { AsyncAccumulate, AsyncAccumulateLogic } from './AsyncAccumulateLogic.js';

/**
 * Like `fold` with an async step: folds every element with `f(acc, element)`, one call at a time,
 * and emits the result once upstream completed and the last call resolved.
 * - Emits when: upstream completes and the last call resolved.
 * - Backpressures when: a call is in flight (and downstream backpressures, after completion).
 * - Completes when: the result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: an element whose call throws or rejects is skipped; `resume` keeps the
 * accumulator, `restart` resets it to `zero`.
 * @throws TypeError if `f` is not a function.
 * @see fold, scanAsync
 */
export function foldAsync<In, Acc>(
  zero: Acc,
  f: (acc: Acc, element: In) => PromiseLike<Acc> | Acc,
): Flow<In, Acc, NotUsed> {
  requireFunction('foldAsync', 'f', f);
  return Flow.fromGraph(new AsyncAccumulate('foldAsync', zero, f, FoldAsyncLogic));
}

// Keeps each resolved value; emits the last one once upstream completed.
class FoldAsyncLogic<In, Acc> extends AsyncAccumulateLogic<In, Acc> {
  override preStart(): void {
    this.pull(this.in);
  }
  onPull(): void {
    // Pulls upstream on its own; demand is served at completion.
  }
  onUpstreamFinish(): void {
    if (!this.isBusy) this.next();
  }
  protected onStepResult(value: Acc): void {
    this.acc = value;
    this.next();
  }
  protected afterDrop(): void {
    this.next();
  }
  private next(): void {
    if (!this.isClosed(this.in)) {
      this.pull(this.in);
      return;
    }
    if (this.acc === undefined || this.acc === null) {
      this.completeStage();
      return;
    }
    this.emit(this.out, this.acc, () => {
      this.completeStage();
    });
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Folds with an async step, emitting at completion; see {@link foldAsync}. */
    foldAsync<Acc>(
      zero: Acc,
      f: (acc: Acc, element: Out) => PromiseLike<Acc> | Acc,
    ): Repr<Kind, In, Acc, Mat>;
  }
}
addFlowOperator('foldAsync', foldAsync);

import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { AsyncAccumulate, AsyncAccumulateLogic } from './AsyncAccumulateLogic.js';

/**
 * Like `scan` with an async step: emits `zero`, then each value `f(acc, element)` resolves to. One
 * call is in flight at a time.
 * - Emits when: the seed on the first pull, then whenever a call resolves.
 * - Backpressures when: downstream backpressures, or a call is in flight.
 * - Completes when: upstream completes and the last call's result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: an element whose call throws or rejects is dropped; `resume` keeps the
 * accumulator, `restart` resets it to `zero`. A result of `undefined` or `null` fails the stream.
 * @throws TypeError if `f` is not a function.
 * @see scan, foldAsync
 */
export function scanAsync<In, Acc>(
  zero: Acc,
  f: (acc: Acc, element: In) => PromiseLike<Acc> | Acc,
): Flow<In, Acc, NotUsed> {
  requireFunction('scanAsync', 'f', f);
  return Flow.fromGraph(new AsyncAccumulate('scanAsync', zero, f, ScanAsyncLogic));
}

// Emits the seed on the first pull, then each resolved value.
class ScanAsyncLogic<In, Acc> extends AsyncAccumulateLogic<In, Acc> {
  private hasEmittedSeed = false;
  onPull(): void {
    if (!this.hasEmittedSeed) {
      this.hasEmittedSeed = true;
      this.push(this.out, this.acc);
      if (this.isClosed(this.in)) this.completeStage();
    } else if (!this.isBusy) {
      this.pull(this.in);
    }
  }
  onUpstreamFinish(): void {
    if (this.isBusy) return;
    if (this.hasEmittedSeed) this.completeStage();
    else {
      this.hasEmittedSeed = true;
      this.emit(this.out, this.acc, () => {
        this.completeStage();
      });
    }
  }
  protected onStepResult(value: Acc): void {
    if (value === undefined || value === null) {
      this.failStage(
        new TypeError(
          `${this.label}: cannot emit ${String(value)}: f resolved to ${String(value)}`,
        ),
      );
      return;
    }
    this.acc = value;
    this.push(this.out, value);
    if (this.isClosed(this.in)) this.completeStage();
  }
  protected afterDrop(): void {
    // Downstream's pull is still unanswered: pass it on.
    if (this.isClosed(this.in)) this.completeStage();
    else this.pull(this.in);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits `zero`, then each running value of an async step; see {@link scanAsync}. */
    scanAsync<Acc>(
      zero: Acc,
      f: (acc: Acc, element: Out) => PromiseLike<Acc> | Acc,
    ): Repr<Kind, In, Acc, Mat>;
  }
}
addFlowOperator('scanAsync', scanAsync);

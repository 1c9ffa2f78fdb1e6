import {
  type ExpansionState,
  type FlowChain,
  type FlowRun,
  FlowShape,
  FusableFlow,
  Inlet,
  Outlet,
  type StepContext,
  type StepExpansion,
  type StepSink,
} from '../../core/index.js';
import { CountingSink } from './groupByMerge.js';

/**
 * @internal `splitWhen(p)` or `splitAfter(p)`, then a per-substream flow that is a plain fused
 * chain ({@link FlowChain}), then `mergeSubstreams()` or `concatSubstreams()`, as one fused step:
 * each substream is a run of the chain's steps, fed as plain calls, whose output goes straight
 * downstream. What the user sees is what the unfused form does: at a split the substream completes
 * (emitting what its steps hold, before any element of the next), a substream whose chain ends is
 * cancelled and the elements up to the next split are dropped, and when upstream completes the
 * open substream completes with it. Only one substream is open at a time, so merging and
 * concatenating give the same order.
 */
export class SplitMerge<T, Out> extends FusableFlow<T, Out> {
  readonly shape: FlowShape<T, Out>;
  constructor(
    readonly name: 'splitWhen' | 'splitAfter',
    readonly p: (element: T) => boolean,
    readonly chain: FlowChain<T, Out>,
    closing: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<Out>(`${closing}.out`));
  }
  createStep(downstream: StepSink<Out>, context: StepContext): StepSink<T> {
    return new SplitMergeStep(this, downstream, context);
  }
}

class SplitMergeStep<T, Out> implements StepSink<T>, StepExpansion {
  private readonly after: boolean;
  /** The open substream; undefined before the first element, after a split-after and when cancelled. */
  private run: FlowRun<T> | undefined = undefined;
  /** The open substream was cancelled (its chain ended): elements are dropped until the next split. */
  private dropping = false;
  /** The substream to complete in the expansion: its completion may emit its last element. */
  private ending: FlowRun<T> | undefined = undefined;
  /** splitWhen: the element that starts the next substream, once the previous one has completed. */
  private pending: T | undefined = undefined;
  /** A completed substream whose completion started an expansion: stopped once that one is done. */
  private draining: FlowRun<T> | undefined = undefined;
  private upstreamDone = false;
  /** Counts what the substreams emit, to see whether a completion used this demand. */
  private readonly out: CountingSink<Out>;
  constructor(
    private readonly stage: SplitMerge<T, Out>,
    downstream: StepSink<Out>,
    private readonly context: StepContext,
  ) {
    this.after = stage.name === 'splitAfter';
    this.out = new CountingSink(downstream);
  }

  onElement(element: T): void {
    this.stopDraining();
    const matches = this.stage.p(element);
    if (this.dropping) {
      if (!matches) return;
      this.dropping = false;
      if (this.after) return; // the cancelled substream ended with this element
    }
    const run = this.run;
    if (run === undefined) {
      this.open(element);
    } else if (this.after || !matches) {
      this.feed(run, element);
    } else {
      this.pending = element;
      this.endRun(run);
    }
    if (this.after && matches) {
      // The substream ends with this element, whether it is still open or was just cancelled.
      if (this.run !== undefined) this.endRun(this.run);
      else this.dropping = false;
    }
  }

  /** Completes `run` in this step's expansion, which starts first so it sits below any the completion starts. */
  private endRun(run: FlowRun<T>): void {
    this.run = undefined;
    this.ending = run;
    this.context.expand(this);
  }

  private open(element: T): void {
    const run = this.stage.chain.start(this.out, this.context);
    this.run = run;
    if (run.done) this.cancelled(run);
    else this.feed(run, element);
  }

  private feed(run: FlowRun<T>, element: T): void {
    run.head.onElement(element);
    if (run.done) this.cancelled(run);
  }

  private cancelled(run: FlowRun<T>): void {
    run.stop();
    this.run = undefined;
    this.dropping = true;
  }

  // The open substream completes with upstream at once: it may emit one last element now, or start
  // an expansion, which runs above this step's (started first); the end needs no further demand.
  onComplete(): void {
    this.stopDraining();
    const run = this.run;
    if (run === undefined) {
      this.out.downstream.onComplete();
      return;
    }
    this.run = undefined;
    this.upstreamDone = true;
    this.context.expand(this);
    if (run.complete()) this.draining = run;
    else run.stop();
  }

  produce(max: number): ExpansionState {
    // Called again, so every expansion the last completion started has finished.
    this.stopDraining();
    if (max === 0)
      return this.ending === undefined && this.pending === undefined ? this.settle() : 'more';
    const ending = this.ending;
    if (ending !== undefined) {
      this.ending = undefined;
      const emitted = this.out.count;
      if (ending.complete()) {
        this.draining = ending;
        return 'more';
      }
      ending.stop();
      if (this.out.count !== emitted && this.pending !== undefined) return 'more';
    }
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      this.open(pending);
    }
    return this.settle();
  }

  /** The expansion is done; upstream's completion, if it came, goes on now. */
  private settle(): ExpansionState {
    if (this.upstreamDone) this.out.downstream.onComplete();
    return 'done';
  }

  private stopDraining(): void {
    if (this.draining === undefined) return;
    this.draining.stop();
    this.draining = undefined;
  }

  onStop(): void {
    this.run?.stop();
    this.ending?.stop();
    this.stopDraining();
  }
}

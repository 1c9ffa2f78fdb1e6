import {
  type ExpansionState,
  FusableSource,
  Outlet,
  type SourceChain,
  type SourceRun,
  SourceShape,
  type SourceStep,
  type StepContext,
  type StepExpansion,
  type StepSink,
} from '../../core/index.js';

/** The most elements one input emits in a row, in a burst, before the merge turns to the next. */
const Turn = 64;

/**
 * @internal The fused form of `Source.combine(sources, merge)` when every source is a plain fused
 * chain ({@link SourceChain}): one source step that runs the inputs as steps of its own and takes
 * them in turn, one element each per pull (a turn of up to 64 when the chain runs in bursts).
 */
export class MergeSources<T> extends FusableSource<T> {
  readonly shape = new SourceShape(new Outlet<T>('merge.out'));
  constructor(
    readonly chains: readonly SourceChain<T>[],
    readonly eagerComplete: boolean,
  ) {
    super('merge');
  }
  createSourceStep(downstream: StepSink<T>, context: StepContext): SourceStep {
    return new MergeStep(this, downstream, context);
  }
}

// The merge runs as an expansion started at onStart that lasts until it completes, so the chain
// never asks `produce` of the source itself (if it did, nothing would be left: it completes).
class MergeStep<T> implements SourceStep {
  private readonly runs: SourceRun[] = [];
  private next = 0;
  private readonly expansion: StepExpansion = {
    produce: (max) => this.produceFromRuns(max),
  };
  constructor(
    private readonly stage: MergeSources<T>,
    private readonly downstream: StepSink<T>,
    private readonly context: StepContext,
  ) {}

  onStart(): void {
    this.context.expand(this.expansion);
    for (const chain of this.stage.chains)
      this.runs.push(chain.start(this.downstream, this.context));
  }

  produce(): void {
    this.downstream.onComplete();
  }

  private produceFromRuns(max: number): ExpansionState {
    const runs = this.runs;
    if (runs.length === 0) return this.complete();
    if (max === 0) return 'more';
    if (this.next >= runs.length) this.next = 0;
    const run = runs[this.next] as SourceRun; // non-null: next < length
    if (run.produce(max < Turn ? max : Turn)) {
      this.next++;
      return 'more';
    }
    // It may have emitted its last element: this call is over either way.
    run.stop();
    runs.splice(this.next, 1);
    if (this.stage.eagerComplete || runs.length === 0) return this.complete();
    return 'more';
  }

  private complete(): ExpansionState {
    this.onStop();
    this.downstream.onComplete();
    return 'done';
  }

  onStop(): void {
    for (const run of this.runs) run.stop();
    this.runs.length = 0;
  }
}

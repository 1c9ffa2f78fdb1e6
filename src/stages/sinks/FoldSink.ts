import {
  AbruptTerminationError,
  type Attributes,
  type Decider,
  FusableSink,
  Inlet,
  SinkShape,
  type SinkStep,
  type StepContext,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { deciderOf } from '../supervision.js';

/**
 * @internal The stage behind the folding sinks (`fold`, `seq`, `foreach`, `ignore`, `last`): it
 * demands continuously, folds each element into state made fresh per materialization, and settles
 * its promise with `finish(state)` at completion, or rejects it on failure or abrupt stop. It is a
 * fusable sink, so the fusable stages before it run in the same fused logic.
 */
export class FoldSink<In, Acc, R> extends FusableSink<In, Promise<R>> {
  readonly shape: SinkShape<In>;
  constructor(
    name: string,
    readonly zero: () => Acc,
    readonly f: (acc: Acc, element: In) => Acc,
    readonly finish: (acc: Acc) => R,
  ) {
    super(name);
    this.shape = new SinkShape(new Inlet<In>(`${name}.in`));
  }
  createSinkStep(
    context: StepContext,
    attributes: Attributes,
  ): readonly [SinkStep<In>, Promise<R>] {
    const result = new Deferred<R>();
    const decider = deciderOf(attributes);
    const step =
      decider === undefined
        ? new FoldStep(this, result, context)
        : new SupervisedFoldStep(this, result, context, decider);
    return [step, result.promise];
  }
}

// Unsupervised and supervised steps are separate classes: without the decider test and its
// try/catch the step is small enough for V8 to inline into the source's loop.
abstract class FoldStepBase<In, Acc, R> implements SinkStep<In> {
  // It ends the chain itself, so the chain calls it with no wrapper watching for completion.
  readonly endsChainOnComplete = true;
  protected readonly f: (acc: Acc, element: In) => Acc;
  // Declared only, so the class emits no field that starts as undefined: a numeric accumulator
  // stays an unboxed number field and folding past the small-integer range allocates nothing.
  declare protected acc: Acc;
  constructor(
    protected readonly stage: FoldSink<In, Acc, R>,
    private readonly result: Deferred<R>,
    private readonly context: StepContext,
  ) {
    this.f = stage.f;
    this.acc = stage.zero();
  }
  abstract onElement(element: In): void;
  onComplete(): void {
    if (this.result.isSettled) return;
    try {
      this.result.resolve(this.stage.finish(this.acc));
    } catch (error) {
      this.result.reject(error);
    }
    this.context.cancelUpstream();
  }
  // Upstream failed, f threw, or the materializer shut down: reject with that cause.
  onError(error: unknown): void {
    this.result.reject(error);
  }
  onStop(): void {
    // Settled already in almost every run: build no error (and capture no stack) for nothing.
    if (this.result.isSettled) return;
    this.result.reject(
      new AbruptTerminationError(`${this.context.label}: the stream stopped before it completed`),
    );
  }
}

class FoldStep<In, Acc, R> extends FoldStepBase<In, Acc, R> {
  onElement(element: In): void {
    this.acc = this.f(this.acc, element);
  }
}

// `resume` keeps the accumulator, `restart` resets it to `zero`.
class SupervisedFoldStep<In, Acc, R> extends FoldStepBase<In, Acc, R> {
  constructor(
    stage: FoldSink<In, Acc, R>,
    result: Deferred<R>,
    context: StepContext,
    private readonly decider: Decider,
  ) {
    super(stage, result, context);
  }
  onElement(element: In): void {
    try {
      this.acc = this.f(this.acc, element);
    } catch (error) {
      const directive = this.decider(error);
      if (directive === 'stop') throw error;
      if (directive === 'restart') this.acc = this.stage.zero();
    }
  }
}

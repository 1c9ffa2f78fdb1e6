import {
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
import { SettlingStep } from './SettlingStep.js';

/**
 * @internal The stage behind the folding sinks (`fold`, `seq`, `foreach`, `ignore`, `count`,
 * `reduce`, `takeLast`): it demands continuously, folds each element into state made fresh per
 * materialization, and settles its promise with `finish(state)` at completion, or rejects it on
 * failure or abrupt stop. It is a fusable sink, so the fusable stages before it run in the same
 * fused logic.
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
abstract class FoldStepBase<In, Acc, R> extends SettlingStep<In, R> {
  protected readonly f: (acc: Acc, element: In) => Acc;
  // Declared only, so the class emits no field that starts as undefined: a numeric accumulator
  // stays an unboxed number field and folding past the small-integer range allocates nothing.
  declare protected acc: Acc;
  constructor(
    protected readonly stage: FoldSink<In, Acc, R>,
    result: Deferred<R>,
    context: StepContext,
  ) {
    super(result, context);
    this.f = stage.f;
    this.acc = stage.zero();
  }
  protected finish(): R {
    return this.stage.finish(this.acc);
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

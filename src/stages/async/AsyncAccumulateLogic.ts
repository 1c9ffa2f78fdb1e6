import {
  type AsyncCallback,
  type Attributes,
  type Decider,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
} from '../../core/index.js';
import { deciderOf } from '../supervision.js';

/** The async step of `foldAsync` and `scanAsync`. */
export type AccumulateStep<In, Acc> = (acc: Acc, element: In) => PromiseLike<Acc> | Acc;

/**
 * @internal The stage of `foldAsync` and `scanAsync`: the seed, the step and the logic class,
 * which decides what a resolved step does (emit it, or keep it until completion).
 */
export class AsyncAccumulate<In, Acc> extends GraphStage<FlowShape<In, Acc>> {
  readonly shape: FlowShape<In, Acc>;
  constructor(
    name: string,
    readonly zero: Acc,
    readonly f: AccumulateStep<In, Acc>,
    private readonly Logic: new (
      stage: AsyncAccumulate<In, Acc>,
      decider: Decider | undefined,
    ) => AsyncAccumulateLogic<In, Acc>,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<In>(`${name}.in`), new Outlet<Acc>(`${name}.out`));
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new this.Logic(this, deciderOf(attributes));
  }
}

/**
 * @internal What `foldAsync` and `scanAsync` share: one call of `f(acc, element)` in flight at a
 * time, its continuation bound once, and supervision of a call that throws or rejects (the element
 * is dropped; `restart` resets the accumulator to `zero`, `stop` fails the stage). Subclasses say
 * what a resolved value does (`onStepResult`) and how to go on after a dropped element
 * (`afterDrop`), and handle demand and completion.
 */
export abstract class AsyncAccumulateLogic<In, Acc>
  extends GraphStageLogic
  implements InHandler, OutHandler
{
  protected readonly in: Inlet<In>;
  protected readonly out: Outlet<Acc>;
  protected acc: Acc;
  /** A call of `f` is in flight. */
  protected isBusy = false;
  private readonly onResult: AsyncCallback<Acc>;
  private readonly onFailure: AsyncCallback<unknown>;
  // Bound once: a call's continuation allocates no closure of ours.
  private readonly resolved = (value: Acc): void => {
    this.onResult.invoke(value);
  };
  private readonly rejected = (error: unknown): void => {
    this.onFailure.invoke(error);
  };
  constructor(
    protected readonly stage: AsyncAccumulate<In, Acc>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.acc = stage.zero;
    this.onResult = this.getAsyncCallback((value) => {
      this.isBusy = false;
      this.onStepResult(value);
    });
    this.onFailure = this.getAsyncCallback((error) => {
      this.isBusy = false;
      this.dropOrFail(error);
    });
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let result: PromiseLike<Acc> | Acc;
    try {
      result = this.stage.f(this.acc, element);
    } catch (error) {
      this.dropOrFail(error);
      return;
    }
    this.isBusy = true;
    Promise.resolve(result).then(this.resolved, this.rejected);
  }
  abstract onPull(): void;
  abstract onUpstreamFinish(): void;
  /** A call resolved to `value`. */
  protected abstract onStepResult(value: Acc): void;
  /** The element whose call failed was dropped under supervision: go on. */
  protected abstract afterDrop(): void;
  private dropOrFail(error: unknown): void {
    const directive = this.decider === undefined ? 'stop' : this.decider(error);
    if (directive === 'stop') throw error;
    if (directive === 'restart') this.acc = this.stage.zero;
    this.afterDrop();
  }
}

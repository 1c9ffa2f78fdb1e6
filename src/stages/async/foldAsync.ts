import {
  type AsyncCallback,
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

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
  return Flow.fromGraph(new FoldAsync(zero, f));
}

class FoldAsync<In, Acc> extends GraphStage<FlowShape<In, Acc>> {
  readonly shape = new FlowShape(new Inlet<In>('foldAsync.in'), new Outlet<Acc>('foldAsync.out'));
  constructor(
    readonly zero: Acc,
    readonly f: (acc: Acc, element: In) => PromiseLike<Acc> | Acc,
  ) {
    super('foldAsync');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new FoldAsyncLogic(this, deciderOf(attributes));
  }
}

class FoldAsyncLogic<In, Acc> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Acc>;
  private acc: Acc;
  private isBusy = false;
  private readonly onResult: AsyncCallback<Acc>;
  private readonly onFailure: AsyncCallback<unknown>;
  private readonly resolved = (value: Acc): void => {
    this.onResult.invoke(value);
  };
  private readonly rejected = (error: unknown): void => {
    this.onFailure.invoke(error);
  };
  constructor(
    private readonly stage: FoldAsync<In, Acc>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.acc = stage.zero;
    this.onResult = this.getAsyncCallback((value) => {
      this.isBusy = false;
      this.acc = value;
      this.next();
    });
    this.onFailure = this.getAsyncCallback((error) => {
      this.isBusy = false;
      this.dropOrFail(error);
      this.next();
    });
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let result: PromiseLike<Acc> | Acc;
    try {
      result = this.stage.f(this.acc, element);
    } catch (error) {
      this.dropOrFail(error);
      this.next();
      return;
    }
    this.isBusy = true;
    Promise.resolve(result).then(this.resolved, this.rejected);
  }
  onPull(): void {
    // Pulls upstream on its own; demand is served at completion.
  }
  onUpstreamFinish(): void {
    if (!this.isBusy) this.next();
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
  private dropOrFail(error: unknown): void {
    const directive = this.decider === undefined ? 'stop' : this.decider(error);
    if (directive === 'stop') throw error;
    if (directive === 'restart') this.acc = this.stage.zero;
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Folds with an async step, emitting at completion; see {@link foldAsync}. */
    foldAsync<Acc>(
      zero: Acc,
      f: (acc: Acc, element: Out) => PromiseLike<Acc> | Acc,
    ): Source<Acc, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Folds with an async step, emitting at completion; see {@link foldAsync}. */
    foldAsync<Acc>(
      zero: Acc,
      f: (acc: Acc, element: Out) => PromiseLike<Acc> | Acc,
    ): Flow<In, Acc, Mat>;
  }
}
addFlowOperator('foldAsync', foldAsync);

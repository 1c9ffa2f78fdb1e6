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
  return Flow.fromGraph(new ScanAsync(zero, f));
}

class ScanAsync<In, Acc> extends GraphStage<FlowShape<In, Acc>> {
  readonly shape = new FlowShape(new Inlet<In>('scanAsync.in'), new Outlet<Acc>('scanAsync.out'));
  constructor(
    readonly zero: Acc,
    readonly f: (acc: Acc, element: In) => PromiseLike<Acc> | Acc,
  ) {
    super('scanAsync');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new ScanAsyncLogic(this, deciderOf(attributes));
  }
}

class ScanAsyncLogic<In, Acc> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Acc>;
  private acc: Acc;
  private hasEmittedSeed = false;
  private isBusy = false;
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
    private readonly stage: ScanAsync<In, Acc>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.acc = stage.zero;
    this.onResult = this.getAsyncCallback((value) => {
      this.isBusy = false;
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
  private dropOrFail(error: unknown): void {
    const directive = this.decider === undefined ? 'stop' : this.decider(error);
    if (directive === 'stop') throw error;
    if (directive === 'restart') this.acc = this.stage.zero;
    // Downstream's pull is still unanswered: pass it on.
    if (this.isClosed(this.in)) this.completeStage();
    else this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Emits `zero`, then each running value of an async step; see {@link scanAsync}. */
    scanAsync<Acc>(
      zero: Acc,
      f: (acc: Acc, element: Out) => PromiseLike<Acc> | Acc,
    ): Source<Acc, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Emits `zero`, then each running value of an async step; see {@link scanAsync}. */
    scanAsync<Acc>(
      zero: Acc,
      f: (acc: Acc, element: Out) => PromiseLike<Acc> | Acc,
    ): Flow<In, Acc, Mat>;
  }
}
addFlowOperator('scanAsync', scanAsync);

import {
  FanInShape2,
  type Flow,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  type SourceShape,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInFlow } from './fanInFlow.js';

/**
 * A junction that combines one element of each input with `f`.
 * - Emits when: both inputs have an element available.
 * - Backpressures when: downstream backpressures; an input that delivered waits for the other.
 * - Completes when: either input completes (once its pending element, if any, was used).
 * - Cancels when: downstream cancels.
 * @throws TypeError if `f` is not a function.
 * @see zip, zipLatestWith, zipAll, zipWithN
 */
export function zipWith<A, B, Out>(f: (a: A, b: B) => Out): GraphStage<FanInShape2<A, B, Out>> {
  requireFunction('zipWith', 'f', f);
  return new ZipWith(f, 'zipWith');
}

/** @internal The stage of `zipWith`, and of `zip` under its own name. */
export class ZipWith<A, B, Out> extends GraphStage<FanInShape2<A, B, Out>> {
  readonly shape: FanInShape2<A, B, Out>;
  constructor(
    readonly f: (a: A, b: B) => Out,
    name: string,
  ) {
    super(name);
    this.shape = new FanInShape2(
      new Inlet<A>(`${name}.in0`),
      new Inlet<B>(`${name}.in1`),
      new Outlet<Out>(`${name}.out`),
    );
  }
  createLogic(): GraphStageLogic {
    return new ZipWithLogic(this);
  }
}

class ZipWithLogic<A, B, Out> extends GraphStageLogic implements OutHandler {
  private readonly in0: Inlet<A>;
  private readonly in1: Inlet<B>;
  private readonly out: Outlet<Out>;
  private readonly f: (a: A, b: B) => Out;
  /** An input completed while the other side's element was still awaited. */
  private willShutDown = false;
  constructor(stage: ZipWith<A, B, Out>) {
    super(stage.shape);
    this.in0 = stage.shape.in0;
    this.in1 = stage.shape.in1;
    this.out = stage.shape.out;
    this.f = stage.f;
    const side0: InHandler = {
      onPush: () => {
        this.tryEmit();
      },
      onUpstreamFinish: () => {
        this.onSideFinish(this.in0);
      },
    };
    const side1: InHandler = {
      onPush: () => {
        this.tryEmit();
      },
      onUpstreamFinish: () => {
        this.onSideFinish(this.in1);
      },
    };
    this.setHandler(this.in0, side0);
    this.setHandler(this.in1, side1);
    this.setHandler(this.out, this);
  }
  onPull(): void {
    if (!this.isAvailable(this.in0)) this.pull(this.in0);
    if (!this.isAvailable(this.in1)) this.pull(this.in1);
  }
  private onSideFinish(inlet: Inlet<A> | Inlet<B>): void {
    if (this.isAvailable(inlet)) this.willShutDown = true;
    else this.completeStage();
  }
  private tryEmit(): void {
    if (!this.isAvailable(this.in0) || !this.isAvailable(this.in1)) return;
    this.push(this.out, this.f(this.grab(this.in0), this.grab(this.in1)));
    if (this.willShutDown) this.completeStage();
  }
}

function zipWithFlow<A, B, Out>(
  that: Graph<SourceShape<B>, unknown>,
  f: (a: A, b: B) => Out,
): Flow<A, Out, NotUsed> {
  return fanInFlow(zipWith(f), that, (s) => [s.in0, s.in1, s.out] as const);
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Combines each element with one of `that` using `f`; see {@link zipWith}. */
    zipWith<B, T>(that: Graph<SourceShape<B>, unknown>, f: (a: Out, b: B) => T): Source<T, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Combines each element with one of `that` using `f`; see {@link zipWith}. */
    zipWith<B, T>(that: Graph<SourceShape<B>, unknown>, f: (a: Out, b: B) => T): Flow<In, T, Mat>;
  }
}
addFlowOperator('zipWith', zipWithFlow);

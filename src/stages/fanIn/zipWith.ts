import {
  type FanInShape2,
  Flow,
  type Graph,
  type GraphStage,
  type NotUsed,
  requireFunction,
  type SourceShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanIn2Flow } from './fanInFlow.js';
import { Zip2, Zip2Logic } from './Zip2.js';
import { ZipChain } from './ZipChain.js';

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
  return new Zip2(f, 'zipWith', ZipWithLogic);
}

/** @internal The logic of `zipWith`, and of `zip`: combines once both inputs hold an element. */
export class ZipWithLogic<A, B, Out> extends Zip2Logic<A, B, Out> {
  // Whether each input holds an element, kept here so a push looks no port up: an input is pulled
  // only from onPull, once per pair, so it holds an element exactly from its push to the next pair.
  private has0 = false;
  private has1 = false;
  /** An input completed while the other side's element was still awaited. */
  private willShutDown = false;
  onPull(): void {
    if (!this.has0) this.pull(this.in0);
    if (!this.has1) this.pull(this.in1);
  }
  onInputPush(index: number): void {
    if (index === 0) this.has0 = true;
    else this.has1 = true;
    if (!this.has0 || !this.has1) return;
    this.has0 = false;
    this.has1 = false;
    this.push(this.out, this.f(this.grab(this.in0), this.grab(this.in1)));
    if (this.willShutDown) this.completeStage();
  }
  onInputFinish(index: number): void {
    if (index === 0 ? this.has0 : this.has1) this.willShutDown = true;
    else this.completeStage();
  }
}

function zipWithFlow<A, B, Out>(
  that: Graph<SourceShape<B>, unknown>,
  f: (a: A, b: B) => Out,
): Flow<A, Out, NotUsed> {
  requireFunction('zipWith', 'f', f);
  const fused = ZipChain.of(that, f, 'zipWith');
  if (fused !== undefined) return Flow.fromGraph(fused);
  return fanIn2Flow(zipWith(f), that);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Combines each element with one of `that` using `f`; see {@link zipWith}. */
    zipWith<B, T>(
      that: Graph<SourceShape<B>, unknown>,
      f: (a: Out, b: B) => T,
    ): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('zipWith', zipWithFlow);

import {
  type FanInShape2,
  type Flow,
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

/**
 * A junction that, once both inputs delivered an element, combines the latest element of each
 * with `f` whenever either delivers a new one. An input is pulled again only after its latest
 * element was used, so a fast input is backpressured instead of dropped.
 * - Emits when: both inputs have delivered at least once and one of them has a new element.
 * - Backpressures when: downstream backpressures.
 * - Completes when: either input completes; a new element it left, or the other input's first
 *   element when that one has not delivered yet, makes one last emission first.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `f` is not a function.
 * @see zipLatest, zipWith
 */
export function zipLatestWith<A, B, Out>(
  f: (a: A, b: B) => Out,
): GraphStage<FanInShape2<A, B, Out>> {
  requireFunction('zipLatestWith', 'f', f);
  return new Zip2(f, 'zipLatestWith', ZipLatestWithLogic);
}

/** @internal The logic of `zipLatestWith`, and of `zipLatest`: combines the latest elements. */
export class ZipLatestWithLogic<A, B, Out> extends Zip2Logic<A, B, Out> {
  private latest0: A | undefined = undefined;
  private latest1: B | undefined = undefined;
  /** Whether the latest element of an input has not been emitted yet. */
  private fresh0 = false;
  private fresh1 = false;
  /** An input completed after delivering, before the other delivered: complete after one emission. */
  private willShutDown = false;
  override preStart(): void {
    this.pull(this.in0);
    this.pull(this.in1);
  }
  onPull(): void {
    this.tryEmit();
  }
  onInputPush(index: number): void {
    if (index === 0) {
      this.latest0 = this.grab(this.in0);
      this.fresh0 = true;
    } else {
      this.latest1 = this.grab(this.in1);
      this.fresh1 = true;
    }
    this.tryEmit();
  }
  onInputFinish(index: number): void {
    this.finish(index === 0 ? this.latest0 !== undefined : this.latest1 !== undefined);
  }
  private canEmit(): boolean {
    return this.latest0 !== undefined && this.latest1 !== undefined && (this.fresh0 || this.fresh1);
  }
  private tryEmit(): void {
    if (!this.isAvailable(this.out) || !this.canEmit()) return;
    this.push(this.out, this.f(this.latest0 as A, this.latest1 as B)); // canEmit checked both
    if (this.willShutDown) {
      this.completeStage();
      return;
    }
    if (this.fresh0) {
      this.fresh0 = false;
      this.tryPull(this.in0);
    }
    if (this.fresh1) {
      this.fresh1 = false;
      this.tryPull(this.in1);
    }
  }
  private finish(delivered: boolean): void {
    if (this.canEmit()) {
      this.emit(this.out, this.f(this.latest0 as A, this.latest1 as B), () => {
        this.completeStage();
      });
    } else if (delivered && (this.latest0 === undefined || this.latest1 === undefined)) {
      // The other input has not delivered yet: its first element still makes one emission.
      this.willShutDown = true;
    } else {
      this.completeStage();
    }
  }
}

function zipLatestWithFlow<A, B, Out>(
  that: Graph<SourceShape<B>, unknown>,
  f: (a: A, b: B) => Out,
): Flow<A, Out, NotUsed> {
  return fanIn2Flow(zipLatestWith(f), that);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Combines the latest elements of this stream and `that`; see {@link zipLatestWith}. */
    zipLatestWith<B, T>(
      that: Graph<SourceShape<B>, unknown>,
      f: (a: Out, b: B) => T,
    ): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('zipLatestWith', zipLatestWithFlow);

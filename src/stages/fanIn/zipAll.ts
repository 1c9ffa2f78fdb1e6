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
  type SourceShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInFlow } from './fanInFlow.js';

/**
 * A junction that pairs one element of each input like `zip`, but goes on after one input
 * completes, padding its side with `fill0` or `fill1`.
 * - Emits when: each input has an element available or has completed (not both completed).
 * - Backpressures when: downstream backpressures.
 * - Completes when: both inputs completed.
 * - Cancels when: downstream cancels.
 * @see zip
 */
export function zipAll<A, B>(fill0: A, fill1: B): GraphStage<FanInShape2<A, B, [A, B]>> {
  return new ZipAll(fill0, fill1);
}

class ZipAll<A, B> extends GraphStage<FanInShape2<A, B, [A, B]>> {
  readonly shape = new FanInShape2(
    new Inlet<A>('zipAll.in0'),
    new Inlet<B>('zipAll.in1'),
    new Outlet<[A, B]>('zipAll.out'),
  );
  constructor(
    readonly fill0: A,
    readonly fill1: B,
  ) {
    super('zipAll');
  }
  createLogic(): GraphStageLogic {
    return new ZipAllLogic(this);
  }
}

class ZipAllLogic<A, B> extends GraphStageLogic implements OutHandler, InHandler {
  private readonly in0: Inlet<A>;
  private readonly in1: Inlet<B>;
  private readonly out: Outlet<[A, B]>;
  constructor(private readonly stage: ZipAll<A, B>) {
    super(stage.shape);
    this.in0 = stage.shape.in0;
    this.in1 = stage.shape.in1;
    this.out = stage.shape.out;
    this.setHandler(this.in0, this);
    this.setHandler(this.in1, this);
    this.setHandler(this.out, this);
  }
  onPull(): void {
    if (!this.isAvailable(this.in0)) this.tryPull(this.in0);
    if (!this.isAvailable(this.in1)) this.tryPull(this.in1);
    this.tryEmit();
  }
  onPush(): void {
    this.tryEmit();
  }
  onUpstreamFinish(): void {
    this.tryEmit();
  }
  private tryEmit(): void {
    const has0 = this.isAvailable(this.in0);
    const has1 = this.isAvailable(this.in1);
    const done0 = !has0 && this.isClosed(this.in0);
    const done1 = !has1 && this.isClosed(this.in1);
    if (done0 && done1) {
      this.completeStage();
      return;
    }
    if (!this.isAvailable(this.out) || !(has0 || done0) || !(has1 || done1)) return;
    this.push(this.out, [
      has0 ? this.grab(this.in0) : this.stage.fill0,
      has1 ? this.grab(this.in1) : this.stage.fill1,
    ]);
    if (this.isClosed(this.in0) && this.isClosed(this.in1)) this.completeStage();
  }
}

function zipAllFlow<A, B>(
  that: Graph<SourceShape<B>, unknown>,
  thisElem: A,
  thatElem: B,
): Flow<A, [A, B], NotUsed> {
  return fanInFlow(zipAll(thisElem, thatElem), that, (s) => [s.in0, s.in1, s.out] as const);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Pairs with `that` until both complete, padding the shorter; see {@link zipAll}. */
    zipAll<B>(
      that: Graph<SourceShape<B>, unknown>,
      thisElem: Out,
      thatElem: B,
    ): Repr<Kind, In, [Out, B], Mat>;
  }
}
addFlowOperator('zipAll', zipAllFlow);

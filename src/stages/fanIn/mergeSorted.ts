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
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInFlow } from './fanInFlow.js';

/** The natural order of numbers and strings. */
export function naturalOrder<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A junction that merges two sorted inputs into one sorted output, by `compare` (the natural
 * order by default). Ties go to `in0` first. It holds one element per input.
 * - Emits when: both inputs have an element (or one has and the other completed).
 * - Backpressures when: downstream backpressures.
 * - Completes when: both inputs complete and the held elements were emitted.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `compare` is not a function.
 * @see merge
 */
export function mergeSorted<T>(
  compare: (a: T, b: T) => number = naturalOrder,
): GraphStage<FanInShape2<T, T, T>> {
  requireFunction('mergeSorted', 'compare', compare);
  return new MergeSorted<T>(compare);
}

class MergeSorted<T> extends GraphStage<FanInShape2<T, T, T>> {
  readonly shape = new FanInShape2(
    new Inlet<T>('mergeSorted.in0'),
    new Inlet<T>('mergeSorted.in1'),
    new Outlet<T>('mergeSorted.out'),
  );
  constructor(readonly compare: (a: T, b: T) => number) {
    super('mergeSorted');
  }
  createLogic(): GraphStageLogic {
    return new MergeSortedLogic(this);
  }
}

class MergeSortedLogic<T> extends GraphStageLogic implements OutHandler {
  private readonly in0: Inlet<T>;
  private readonly in1: Inlet<T>;
  private readonly out: Outlet<T>;
  private readonly compare: (a: T, b: T) => number;
  /** The element taken from each input and not yet emitted; undefined when none. */
  private held0: T | undefined = undefined;
  private held1: T | undefined = undefined;
  constructor(stage: MergeSorted<T>) {
    super(stage.shape);
    this.in0 = stage.shape.in0;
    this.in1 = stage.shape.in1;
    this.out = stage.shape.out;
    this.compare = stage.compare;
    const side0: InHandler = {
      onPush: () => {
        this.held0 = this.grab(this.in0);
        this.tryEmit();
      },
      onUpstreamFinish: () => {
        this.tryEmit();
      },
    };
    const side1: InHandler = {
      onPush: () => {
        this.held1 = this.grab(this.in1);
        this.tryEmit();
      },
      onUpstreamFinish: () => {
        this.tryEmit();
      },
    };
    this.setHandler(this.in0, side0);
    this.setHandler(this.in1, side1);
    this.setHandler(this.out, this);
  }
  override preStart(): void {
    this.pull(this.in0);
    this.pull(this.in1);
  }
  onPull(): void {
    this.tryEmit();
  }
  private tryEmit(): void {
    const a = this.held0;
    const b = this.held1;
    const done0 = a === undefined && this.isClosed(this.in0);
    const done1 = b === undefined && this.isClosed(this.in1);
    if (done0 && done1) {
      this.completeStage();
      return;
    }
    if (!this.isAvailable(this.out)) return;
    if (a !== undefined && (done1 || (b !== undefined && this.compare(a, b) <= 0))) {
      this.held0 = undefined;
      this.push(this.out, a);
      this.tryPull(this.in0);
    } else if (b !== undefined && (done0 || a !== undefined)) {
      this.held1 = undefined;
      this.push(this.out, b);
      this.tryPull(this.in1);
    } else {
      return;
    }
    if (
      this.held0 === undefined &&
      this.held1 === undefined &&
      this.isClosed(this.in0) &&
      this.isClosed(this.in1)
    )
      this.completeStage();
  }
}

function mergeSortedWith<T>(
  that: Graph<SourceShape<T>, unknown>,
  compare: (a: T, b: T) => number = naturalOrder,
): Flow<T, T, NotUsed> {
  return fanInFlow(mergeSorted(compare), that, (s) => [s.in0, s.in1, s.out] as const);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Merges the sorted `that` into this sorted stream; see {@link mergeSorted}. */
    mergeSorted(
      that: Graph<SourceShape<Out>, unknown>,
      compare?: (a: Out, b: Out) => number,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('mergeSorted', mergeSortedWith);

import {
  Flow,
  type Graph,
  GraphStage,
  GraphStageLogic,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requirePositiveInt,
  type SourceShape,
  UniformFanInShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { IndexedInput, type IndexedInputs } from '../IndexedHandlers.js';
import { ConcatChains } from './ConcatChains.js';
import { fanInFlow } from './fanInFlow.js';

/**
 * A junction that emits all elements of `in(0)`, then of `in(1)`, and so on. All inputs are
 * materialized together, but an input is pulled only once the ones before it completed, and an
 * input that fails early fails the stream only when its turn comes.
 * - Emits when: the current input has an element available.
 * - Backpressures when: downstream backpressures.
 * - Completes when: the last input completes.
 * - Fails when: the current input fails.
 * - Cancels when: downstream cancels.
 *
 * The fluent `a.concat(b)` (also `concatLazy`, `concatAllLazy`, `orElse`) over a `b` that is a
 * plain chain of fusable stages (`Source.from(xs).map(g)`) runs `b` as steps of the stream, started
 * once `a` completed, instead of through this junction.
 * @throws RangeError if `n` is not a positive integer.
 * @see prepend, orElse, interleave
 */
export function concat<T>(n: number): GraphStage<UniformFanInShape<T, T>> {
  requirePositiveInt('concat', 'n', n);
  return new Concat<T>(n);
}

/** @internal */
export class Concat<T> extends GraphStage<UniformFanInShape<T, T>> {
  readonly shape: UniformFanInShape<T, T>;
  constructor(n: number) {
    super('concat');
    this.shape = UniformFanInShape.named<T, T>('concat', n);
  }
  createLogic(): GraphStageLogic {
    return new ConcatLogic(this.shape);
  }
}

class ConcatLogic<T> extends GraphStageLogic implements OutHandler, IndexedInputs {
  private readonly ins: readonly Inlet<T>[];
  private readonly out: Outlet<T>;
  private current = 0;
  /** Failures of inputs after the current one, raised when their turn comes. */
  private readonly failures: unknown[] = [];
  constructor(shape: UniformFanInShape<T, T>) {
    super(shape);
    this.ins = shape.inlets;
    this.out = shape.out;
    this.ins.forEach((inlet, i) => {
      this.setHandler(inlet, new IndexedInput(this, i));
    });
    this.setHandler(this.out, this);
  }
  onPull(): void {
    this.pull(this.ins[this.current] as Inlet<T>); // current is an open input
  }
  onInputPush(index: number): void {
    this.push(this.out, this.grab(this.ins[index] as Inlet<T>));
  }
  onInputFinish(index: number): void {
    // A later input that completes early is skipped when its turn comes.
    if (index !== this.current) return;
    for (;;) {
      this.current++;
      if (this.current === this.ins.length) {
        this.completeStage();
        return;
      }
      if (this.current in this.failures) {
        this.failStage(this.failures[this.current]);
        return;
      }
      if (!this.isClosed(this.ins[this.current] as Inlet<T>)) break;
    }
    if (this.isAvailable(this.out)) this.onPull();
  }
  onInputFailure(index: number, error: unknown): void {
    // A later input that fails early fails the stream only when its turn comes, so the elements
    // before it still go out.
    if (index === this.current) this.failStage(error);
    else this.failures[index] = error;
  }
}

function concatWith<T>(that: Graph<SourceShape<T>, unknown>): Flow<T, T, NotUsed> {
  const fused = ConcatChains.of([that], false, 'concat');
  if (fused !== undefined) return Flow.fromGraph(fused);
  return fanInFlow(concat<T>(2), that, (s) => [s.in(0), s.in(1), s.out] as const);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits this stream's elements, then those of `that`; see {@link concat}. */
    concat(that: Graph<SourceShape<Out>, unknown>): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('concat', concatWith);

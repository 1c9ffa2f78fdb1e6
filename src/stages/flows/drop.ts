import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireNonNegativeInt,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Drops the first `n` elements, then passes the rest.
 * - Emits when: `n` elements were dropped and upstream pushes.
 * - Backpressures when: `n` elements were dropped and downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `n` is not a non-negative integer.
 * @see dropWhile, take
 */
export function drop<T>(n: number): Flow<T, T, NotUsed> {
  requireNonNegativeInt('drop', 'n', n);
  return Flow.fromGraph(new Drop<T>(n));
}

class Drop<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('drop.in'), new Outlet<T>('drop.out'));
  constructor(readonly n: number) {
    super('drop');
  }
  createLogic(): GraphStageLogic {
    return new DropLogic(this);
  }
}

class DropLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private remaining: number;
  constructor(stage: Drop<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.remaining = stage.n;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.remaining > 0) {
      this.remaining--;
      this.pull(this.in);
    } else {
      this.push(this.out, element);
    }
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Drops the first `n` elements; see {@link drop}. */
    drop(n: number): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Drops the first `n` elements; see {@link drop}. */
    drop(n: number): Flow<In, Out, Mat>;
  }
}
addFlowOperator('drop', drop);

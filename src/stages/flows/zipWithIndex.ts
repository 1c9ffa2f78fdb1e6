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
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Pairs each element with its 0-based index: `[element, index]`.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @see zip, statefulMap
 */
export function zipWithIndex<T>(): Flow<T, [T, number], NotUsed> {
  return Flow.fromGraph(new ZipWithIndex<T>());
}

class ZipWithIndex<T> extends GraphStage<FlowShape<T, [T, number]>> {
  readonly shape = new FlowShape(
    new Inlet<T>('zipWithIndex.in'),
    new Outlet<[T, number]>('zipWithIndex.out'),
  );
  constructor() {
    super('zipWithIndex');
  }
  createLogic(): GraphStageLogic {
    return new ZipWithIndexLogic(this);
  }
}

class ZipWithIndexLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<[T, number]>;
  private index = 0;
  constructor(stage: ZipWithIndex<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    this.push(this.out, [this.grab(this.in), this.index++]);
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Pairs each element with its index; see {@link zipWithIndex}. */
    zipWithIndex(): Source<[Out, number], Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Pairs each element with its index; see {@link zipWithIndex}. */
    zipWithIndex(): Flow<In, [Out, number], Mat>;
  }
}
addFlowOperator('zipWithIndex', zipWithIndex);

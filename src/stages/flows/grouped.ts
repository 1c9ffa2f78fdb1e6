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
  requirePositiveInt,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Chunks the stream into arrays of `n` elements; the last one may be shorter.
 * - Emits when: `n` elements were collected, or upstream completes with a non-empty remainder.
 * - Backpressures when: a group is full and downstream backpressures.
 * - Completes when: upstream completes and the remainder was emitted.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `n` is not a positive integer.
 * @see sliding, groupedWithin
 */
export function grouped<T>(n: number): Flow<T, T[], NotUsed> {
  requirePositiveInt('grouped', 'n', n);
  return Flow.fromGraph(new Grouped<T>(n));
}

class Grouped<T> extends GraphStage<FlowShape<T, T[]>> {
  readonly shape = new FlowShape(new Inlet<T>('grouped.in'), new Outlet<T[]>('grouped.out'));
  constructor(readonly n: number) {
    super('grouped');
  }
  createLogic(): GraphStageLogic {
    return new GroupedLogic(this);
  }
}

class GroupedLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T[]>;
  private readonly n: number;
  private group: T[] = [];
  constructor(stage: Grouped<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.n = stage.n;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    this.group.push(this.grab(this.in));
    if (this.group.length < this.n) {
      this.pull(this.in);
    } else {
      const full = this.group;
      this.group = [];
      this.push(this.out, full);
    }
  }
  onPull(): void {
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.group.length > 0) this.emit(this.out, this.group);
    this.completeStage();
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Arrays of `n` elements; see {@link grouped}. */
    grouped(n: number): Source<Out[], Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Arrays of `n` elements; see {@link grouped}. */
    grouped(n: number): Flow<In, Out[], Mat>;
  }
}
addFlowOperator('grouped', grouped);

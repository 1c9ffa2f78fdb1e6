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
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Inserts `inject` between consecutive elements; with three arguments, also emits `start` before
 * the first element and `end` after the last (both even for an empty stream).
 * - Emits when: upstream pushes (the separator first), or at the start and end as above.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes and `end` was emitted.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `inject`, `start` or `end` is null or undefined.
 * @example
 * ```ts
 * Source.from(['a', 'b']).intersperse('[', ', ', ']'); // '[', 'a', ', ', 'b', ']'
 * ```
 */
export function intersperse<T>(inject: T): Flow<T, T, NotUsed>;
export function intersperse<T>(start: T, inject: T, end: T): Flow<T, T, NotUsed>;
export function intersperse<T>(...args: [T] | [T, T, T]): Flow<T, T, NotUsed> {
  for (const value of args) {
    if (value === undefined || value === null) {
      throw new TypeError(`intersperse: separators must not be ${String(value)}`);
    }
  }
  return Flow.fromGraph(
    args.length === 1
      ? new Intersperse(undefined, args[0], undefined)
      : new Intersperse(args[0], args[1], args[2]),
  );
}

class Intersperse<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('intersperse.in'), new Outlet<T>('intersperse.out'));
  constructor(
    readonly start: T | undefined,
    readonly inject: T,
    readonly end: T | undefined,
  ) {
    super('intersperse');
  }
  createLogic(): GraphStageLogic {
    return new IntersperseLogic(this);
  }
}

class IntersperseLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  // An element waiting behind the separator (or `start`) just pushed.
  private pending: T | undefined = undefined;
  private isFirst = true;
  constructor(private readonly stage: Intersperse<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.isFirst) {
      this.isFirst = false;
      if (this.stage.start === undefined) {
        this.push(this.out, element);
        return;
      }
      this.push(this.out, this.stage.start);
    } else {
      this.push(this.out, this.stage.inject);
    }
    this.pending = element;
  }
  onPull(): void {
    if (this.pending !== undefined) {
      const element = this.pending;
      this.pending = undefined;
      this.push(this.out, element);
      if (this.isClosed(this.in)) this.finish();
    } else if (this.isClosed(this.in)) {
      this.finish();
    } else {
      this.pull(this.in);
    }
  }
  onUpstreamFinish(): void {
    if (this.pending === undefined) this.finish();
  }
  private finish(): void {
    const { start, end } = this.stage;
    if (this.isFirst && start !== undefined) {
      this.isFirst = false;
      this.emit(this.out, start);
    }
    if (end !== undefined) this.emit(this.out, end);
    this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Inserts `inject` between elements; see {@link intersperse}. */
    intersperse(inject: Out): Repr<Kind, In, Out, Mat>;
    /** Emits `start`, the elements separated by `inject`, then `end`; see {@link intersperse}. */
    intersperse(start: Out, inject: Out, end: Out): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('intersperse', intersperse);

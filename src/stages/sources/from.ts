import {
  GraphStage,
  GraphStageLogic,
  type NotUsed,
  Outlet,
  type OutHandler,
  Source,
  SourceShape,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';

/**
 * Emits the elements of an iterable, one per pull. Each materialization iterates afresh; an array
 * is read by index.
 * - Emits when: downstream pulls and the iterable has more.
 * - Completes when: the iterable is exhausted.
 * @throws TypeError if `items` is not iterable.
 * @see range, Source.fromAsyncIterable
 */
export function from<T>(items: Iterable<T>): Source<T, NotUsed> {
  if (typeof (items as Partial<Iterable<T>>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`Source.from: items must be iterable, got ${typeof items}`);
  }
  return Source.fromGraph(new FromIterable(items));
}

class FromIterable<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('from.out'));
  constructor(readonly items: Iterable<T>) {
    super('from');
  }
  createLogic(): GraphStageLogic {
    return Array.isArray(this.items)
      ? new FromArrayLogic(this.shape.out, this.items as readonly T[], this.shape)
      : new FromIteratorLogic(this.shape.out, this.items, this.shape);
  }
}

class FromArrayLogic<T> extends GraphStageLogic implements OutHandler {
  private index = 0;
  constructor(
    private readonly out: Outlet<T>,
    private readonly items: readonly T[],
    shape: SourceShape<T>,
  ) {
    super(shape);
    this.setHandler(out, this);
  }
  override preStart(): void {
    if (this.items.length === 0) this.completeStage();
  }
  onPull(): void {
    this.push(this.out, this.items[this.index++] as T);
    if (this.index >= this.items.length) this.completeStage();
  }
}

class FromIteratorLogic<T> extends GraphStageLogic implements OutHandler {
  private iterator: Iterator<T> | undefined = undefined;
  constructor(
    private readonly out: Outlet<T>,
    private readonly items: Iterable<T>,
    shape: SourceShape<T>,
  ) {
    super(shape);
    this.setHandler(out, this);
  }
  override preStart(): void {
    this.iterator = this.items[Symbol.iterator]();
  }
  onPull(): void {
    const next = (this.iterator as Iterator<T>).next(); // set in preStart
    if (next.done === true) this.completeStage();
    else this.push(this.out, next.value);
  }
  onDownstreamFinish(): void {
    this.iterator?.return?.();
    this.completeStage();
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The elements of an iterable; see {@link from}. */
    function from<T>(items: Iterable<T>): Source<T, NotUsed>;
  }
}
addSourceFactory('from', from);

import {
  FusableSource,
  type NotUsed,
  Outlet,
  Source,
  SourceShape,
  type SourceDownstream,
  type SourceStep,
  type StepContext,
  type StepSink,
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

// A fusable source: before fusable stages it runs as the loop head of one fused logic.
class FromIterable<T> extends FusableSource<T> {
  readonly shape = new SourceShape(new Outlet<T>('from.out'));
  constructor(readonly items: Iterable<T>) {
    super('from');
  }
  createSourceStep(downstream: SourceDownstream<T>, context: StepContext): SourceStep {
    return Array.isArray(this.items)
      ? new FromArrayStep(this.items as readonly T[], downstream, context)
      : new FromIteratorStep(this.items, downstream, context);
  }
}

// An array is read by index: no iterator object and no result object per element. Elements go
// straight to the first step (`downstream.next`); the completion to `downstream`.
class FromArrayStep<T> implements SourceStep {
  private index = 0;
  private readonly next: StepSink<T>;
  constructor(
    private readonly items: readonly T[],
    private readonly downstream: SourceDownstream<T>,
    private readonly context: StepContext,
  ) {
    this.next = downstream.next;
  }
  onStart(): void {
    if (this.items.length === 0) this.downstream.onComplete();
  }
  produce(): void {
    const element = this.items[this.index++] as T; // index < length: checked after each emit
    if (element === undefined || element === null) throw this.context.illegalElement(element);
    this.next.onElement(element);
    if (this.index >= this.items.length) this.downstream.onComplete();
  }
  produceBurst(max: number): number {
    const items = this.items;
    const next = this.next;
    const gate = this.context.gate;
    const start = this.index;
    const end = Math.min(items.length, start + max);
    do {
      const element = items[this.index++] as T; // index < end <= length
      if (element === undefined || element === null) throw this.context.illegalElement(element);
      next.onElement(element);
    } while (this.index < end && gate.open);
    if (this.index >= items.length) this.downstream.onComplete();
    return this.index - start;
  }
}

class FromIteratorStep<T> implements SourceStep {
  private iterator: Iterator<T> | undefined = undefined;
  constructor(
    private readonly items: Iterable<T>,
    private readonly downstream: StepSink<T>,
    private readonly context: StepContext,
  ) {}
  onStart(): void {
    this.iterator = this.items[Symbol.iterator]();
  }
  produce(): void {
    const next = (this.iterator as Iterator<T>).next(); // set in onStart
    if (next.done === true) {
      this.iterator = undefined;
      this.downstream.onComplete();
      return;
    }
    if (next.value === undefined || next.value === null)
      throw this.context.illegalElement(next.value);
    this.downstream.onElement(next.value);
  }
  onStop(): void {
    // Cancelled before the end: let a generator run its finally blocks.
    this.iterator?.return?.();
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The elements of an iterable; see {@link from}. */
    function from<T>(items: Iterable<T>): Source<T, NotUsed>;
    /** The given elements, in order: `Source.items(1, 2, 3)` is `Source.from([1, 2, 3])`. */
    function items<T>(...elements: T[]): Source<T, NotUsed>;
  }
}
addSourceFactory('from', from);
addSourceFactory('items', <T>(...elements: T[]): Source<T, NotUsed> => from(elements));

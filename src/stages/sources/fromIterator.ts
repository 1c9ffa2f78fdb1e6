import {
  FusableSource,
  type NotUsed,
  Outlet,
  requireFunction,
  Source,
  SourceShape,
  type SourceStep,
  type StepContext,
  type StepSink,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';

/**
 * Emits the elements of the iterator `create` returns, one per pull. `create` is called once per
 * materialization, when the stream starts; an iterator left unfinished by a cancellation or a
 * failure is closed with its `return` method (a generator runs its `finally` blocks).
 * - Emits when: downstream pulls and the iterator has more.
 * - Completes when: the iterator is done.
 * @throws TypeError if `create` is not a function.
 * @see from, unfold
 */
export function fromIterator<T>(create: () => Iterator<T>): Source<T, NotUsed> {
  requireFunction('Source.fromIterator', 'create', create);
  return Source.fromGraph(new FromIterator(create));
}

// A fusable source: before fusable stages it runs as the loop head of one fused logic.
class FromIterator<T> extends FusableSource<T> {
  readonly shape = new SourceShape(new Outlet<T>('fromIterator.out'));
  constructor(readonly create: () => Iterator<T>) {
    super('fromIterator');
  }
  createSourceStep(downstream: StepSink<T>, context: StepContext): SourceStep {
    return new FromIteratorStep(this.create, downstream, context);
  }
}

class FromIteratorStep<T> implements SourceStep {
  private iterator: Iterator<T> | undefined = undefined;
  constructor(
    private readonly create: () => Iterator<T>,
    private readonly downstream: StepSink<T>,
    private readonly context: StepContext,
  ) {}
  onStart(): void {
    const iterator = this.create();
    if (typeof (iterator as Partial<Iterator<T>> | null)?.next !== 'function') {
      throw new TypeError(
        `${this.context.label}: create must return an iterator, got ${typeof iterator}`,
      );
    }
    this.iterator = iterator;
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
    // Stopped before the end: close the iterator.
    const iterator = this.iterator;
    this.iterator = undefined;
    iterator?.return?.();
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The elements of a freshly created iterator; see {@link fromIterator}. */
    function fromIterator<T>(create: () => Iterator<T>): Source<T, NotUsed>;
  }
}
addSourceFactory('fromIterator', fromIterator);

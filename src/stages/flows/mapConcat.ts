import {
  type Decider,
  type ExpansionState,
  Flow,
  type NotUsed,
  requireFunction,
  type StepContext,
  type StepExpansion,
  type StepSink,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { StepFlow } from './StepFlow.js';

/**
 * Maps each element to an iterable and emits its elements one by one.
 * - Emits when: the current iterable has a next element and downstream pulls.
 * - Backpressures when: downstream backpressures, or the current iterable still has elements.
 * - Completes when: upstream completes and the last iterable is drained.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `f` (or iteration) throws is
 * dropped.
 * @throws TypeError if `f` is not a function.
 * @see statefulMapConcat, map
 */
export function mapConcat<In, Out>(f: (element: In) => Iterable<Out>): Flow<In, Out, NotUsed> {
  requireFunction('mapConcat', 'f', f);
  return Flow.fromGraph(mapConcatStage(() => f, 'mapConcat'));
}

/** @internal The stage behind `mapConcat` and `statefulMapConcat`: `factory` runs per materialization. */
export function mapConcatStage<In, Out>(
  factory: () => (element: In) => Iterable<Out>,
  name: string,
): StepFlow<In, Out> {
  return new StepFlow<In, Out>(
    name,
    (downstream, decider, context) => new MapConcatStep(factory, downstream, context, decider),
  );
}

// A one-element array goes straight out; a longer iterable becomes an expansion of the chain.
// Arrays are read by index, so the common `x => [a, b]` allocates no iterator.
class MapConcatStep<In, Out> implements StepSink<In>, StepExpansion {
  private f: (element: In) => Iterable<Out>;
  private array: readonly Out[] | undefined = undefined;
  private index = 0;
  private iterator: Iterator<Out> | undefined = undefined;
  private upstreamDone = false;
  constructor(
    private readonly factory: () => (element: In) => Iterable<Out>,
    private readonly downstream: StepSink<Out>,
    private readonly context: StepContext,
    private readonly decider: Decider | undefined,
  ) {
    this.f = factory();
  }

  onElement(element: In): void {
    let items: Iterable<Out>;
    try {
      items = this.f(element);
    } catch (error) {
      this.supervise(error);
      return; // dropped: the chain asks upstream for the next element
    }
    if (Array.isArray(items)) {
      const array = items as readonly Out[];
      if (array.length === 0) return;
      if (array.length === 1) {
        this.emit(array[0] as Out);
        return;
      }
      this.array = array;
      this.index = 0;
    } else {
      this.iterator = items[Symbol.iterator]();
    }
    this.context.expand(this);
  }

  produce(max: number): ExpansionState {
    if (max === 0) return 'more'; // an expansion holds at least one element
    return this.array !== undefined ? this.produceFromArray(max) : this.produceFromIterator(max);
  }

  private produceFromArray(max: number): ExpansionState {
    const array = this.array as readonly Out[]; // checked by produce
    const gate = this.context.gate;
    const end = Math.min(array.length, this.index + max);
    do {
      this.emit(array[this.index++] as Out);
    } while (this.index < end && gate.open);
    if (this.index < array.length) return 'more';
    this.array = undefined;
    return this.finish();
  }

  private produceFromIterator(max: number): ExpansionState {
    const iterator = this.iterator as Iterator<Out>; // an expansion has an array or an iterator
    const gate = this.context.gate;
    let left = max;
    do {
      let next: IteratorResult<Out>;
      try {
        next = iterator.next();
      } catch (error) {
        this.iterator = undefined;
        this.supervise(error);
        return this.finish();
      }
      if (next.done === true) {
        this.iterator = undefined;
        return this.finish();
      }
      this.emit(next.value);
    } while (--left > 0 && gate.open);
    return 'more';
  }

  private emit(element: Out): void {
    if (element === undefined || element === null) throw this.context.illegalElement(element);
    this.downstream.onElement(element);
  }

  private finish(): ExpansionState {
    if (this.upstreamDone) this.downstream.onComplete();
    return 'done';
  }

  onComplete(): void {
    if (this.array === undefined && this.iterator === undefined) this.downstream.onComplete();
    else this.upstreamDone = true;
  }

  onStop(): void {
    // Cancelled in the middle of an iterable: let a generator run its finally blocks.
    this.iterator?.return?.();
  }

  private supervise(error: unknown): void {
    if (this.decider === undefined) throw error;
    const directive = this.decider(error);
    if (directive === 'stop') throw error;
    if (directive === 'restart') this.f = this.factory();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits the elements of the iterable `f` returns; see {@link mapConcat}. */
    mapConcat<T>(f: (element: Out) => Iterable<T>): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('mapConcat', mapConcat);

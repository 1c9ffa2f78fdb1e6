import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

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
  return Flow.fromGraph(new MapConcat(() => f, 'mapConcat'));
}

/** @internal The stage behind `mapConcat` and `statefulMapConcat`: `factory` runs per materialization. */
export class MapConcat<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape: FlowShape<In, Out>;
  constructor(
    readonly factory: () => (element: In) => Iterable<Out>,
    name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<In>(`${name}.in`), new Outlet<Out>(`${name}.out`));
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new MapConcatLogic(this, deciderOf(attributes));
  }
}

// Arrays are read by index, so the common `x => [a, b]` allocates no iterator.
class MapConcatLogic<In, Out> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  private f: (element: In) => Iterable<Out>;
  private array: readonly Out[] | undefined = undefined;
  private index = 0;
  private iterator: Iterator<Out> | undefined = undefined;
  constructor(
    private readonly stage: MapConcat<In, Out>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.f = stage.factory();
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    try {
      const items = this.f(element);
      if (Array.isArray(items)) {
        this.array = items as readonly Out[];
        this.index = 0;
      } else {
        this.iterator = items[Symbol.iterator]();
      }
    } catch (error) {
      this.supervise(error);
      return;
    }
    this.emitNext();
  }
  onPull(): void {
    this.emitNext();
  }
  onUpstreamFinish(): void {
    if (this.array === undefined && this.iterator === undefined) this.completeStage();
  }
  private emitNext(): void {
    if (this.array !== undefined) {
      if (this.index < this.array.length) {
        this.push(this.out, this.array[this.index++] as Out);
        if (this.index < this.array.length) return;
      }
      this.array = undefined;
    } else if (this.iterator !== undefined) {
      let next: IteratorResult<Out>;
      try {
        next = this.iterator.next();
      } catch (error) {
        this.iterator = undefined;
        this.supervise(error);
        return;
      }
      if (next.done !== true) {
        this.push(this.out, next.value);
        return;
      }
      this.iterator = undefined;
    }
    // The current iterable is drained here.
    if (this.isClosed(this.in)) {
      this.completeStage();
    } else if (this.isAvailable(this.out) && !this.hasBeenPulled(this.in)) {
      this.pull(this.in);
    }
  }
  private supervise(error: unknown): void {
    if (this.decider === undefined) throw error;
    const directive = this.decider(error);
    if (directive === 'stop') throw error;
    this.array = undefined;
    this.iterator = undefined;
    if (directive === 'restart') this.f = this.stage.factory();
    if (this.isClosed(this.in)) this.completeStage();
    else if (!this.hasBeenPulled(this.in)) this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Emits the elements of the iterable `f` returns; see {@link mapConcat}. */
    mapConcat<T>(f: (element: Out) => Iterable<T>): Source<T, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Emits the elements of the iterable `f` returns; see {@link mapConcat}. */
    mapConcat<T>(f: (element: Out) => Iterable<T>): Flow<In, T, Mat>;
  }
}
addFlowOperator('mapConcat', mapConcat);

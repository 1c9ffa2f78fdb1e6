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
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

/**
 * While downstream is faster than upstream, keeps emitting from the iterator `f` made of the last
 * element; a new element replaces the iterator. Every element is emitted at least once (as the
 * first item of its iterator, if it has one). Upstream is pulled eagerly.
 * - Emits when: downstream pulls and the current iterator has a next item.
 * - Backpressures when: downstream backpressures (the stage then holds one element).
 * - Completes when: upstream completes and the last element's iterator was drawn from once.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: an element whose `f` throws is dropped under `resume` or `restart`.
 * @throws TypeError if `f` is not a function.
 * @see extrapolate, conflate
 */
export function expand<In, Out>(f: (element: In) => Iterator<Out>): Flow<In, Out, NotUsed> {
  requireFunction('expand', 'f', f);
  return Flow.fromGraph(new Expand(f, undefined, 'expand'));
}

/** @internal The stage behind `expand` and `extrapolate`. */
export class Expand<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape: FlowShape<In, Out>;
  constructor(
    readonly f: (element: In) => Iterator<Out>,
    /** An iterator to draw from before the first element (`extrapolate`'s `initial`). */
    readonly initial: (() => Iterator<Out>) | undefined,
    name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<In>(`${name}.in`), new Outlet<Out>(`${name}.out`));
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new ExpandLogic(this, deciderOf(attributes));
  }
}

class ExpandLogic<In, Out> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  private iterator: Iterator<Out> | undefined = undefined;
  /** The next item of `iterator`, read ahead so we know whether there is one. */
  private next: IteratorResult<Out> | undefined = undefined;
  /** The current element was emitted at least once. */
  private isExpanded = true;
  constructor(
    private readonly stage: Expand<In, Out>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    if (this.stage.initial !== undefined) this.use(this.stage.initial());
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let iterator: Iterator<Out>;
    try {
      iterator = this.stage.f(element);
    } catch (error) {
      if (this.decider === undefined || this.decider(error) === 'stop') throw error;
      this.pull(this.in);
      return;
    }
    this.use(iterator);
    this.isExpanded = false;
    if (this.hasNext()) {
      if (this.isAvailable(this.out)) this.emitNext();
    } else {
      this.isExpanded = true;
      this.pull(this.in);
    }
  }
  onPull(): void {
    if (this.hasNext()) this.emitNext();
  }
  onUpstreamFinish(): void {
    if (this.isExpanded || !this.hasNext()) this.completeStage();
  }
  private use(iterator: Iterator<Out>): void {
    this.iterator = iterator;
    this.next = iterator.next();
  }
  private hasNext(): boolean {
    return this.next !== undefined && this.next.done !== true;
  }
  private emitNext(): void {
    const item = (this.next as IteratorYieldResult<Out>).value; // hasNext() checked by the caller
    this.next = (this.iterator as Iterator<Out>).next(); // set with `next`
    const first = !this.isExpanded;
    this.isExpanded = true;
    // Pulled before the push, so a synchronous upstream's next element arrives before
    // downstream's next pull, and is emitted instead of a repeat.
    const closed = this.isClosed(this.in);
    if (first && !closed && !this.hasBeenPulled(this.in)) this.pull(this.in);
    this.push(this.out, item);
    if (first && closed) this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Draws extra elements while downstream is faster; see {@link expand}. */
    expand<T>(f: (element: Out) => Iterator<T>): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('expand', expand);

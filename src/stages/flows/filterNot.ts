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
 * Passes the elements for which `p` does not hold.
 * - Emits when: upstream pushes an element for which `p` returns false.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see filter, collect
 */
export function filterNot<T>(p: (element: T) => boolean): Flow<T, T, NotUsed> {
  requireFunction('filterNot', 'p', p);
  return Flow.fromGraph(new FilterNot(p));
}

class FilterNot<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('filterNot.in'), new Outlet<T>('filterNot.out'));
  constructor(readonly p: (element: T) => boolean) {
    super('filterNot');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new FilterNotLogic(this, deciderOf(attributes));
  }
}

class FilterNotLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private readonly p: (element: T) => boolean;
  constructor(
    stage: FilterNot<T>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.p = stage.p;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let drop: boolean;
    if (this.decider === undefined) {
      drop = this.p(element);
    } else {
      try {
        drop = this.p(element);
      } catch (error) {
        if (this.decider(error) === 'stop') throw error;
        drop = true;
      }
    }
    if (drop) this.pull(this.in);
    else this.push(this.out, element);
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes the elements for which `p` does not hold; see {@link filterNot}. */
    filterNot(p: (element: Out) => boolean): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes the elements for which `p` does not hold; see {@link filterNot}. */
    filterNot(p: (element: Out) => boolean): Flow<In, Out, Mat>;
  }
}
addFlowOperator('filterNot', filterNot);

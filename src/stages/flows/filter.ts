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
 * Passes the elements for which `p` holds.
 * - Emits when: upstream pushes an element for which `p` returns true.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see filterNot, collect
 */
export function filter<T>(p: (element: T) => boolean): Flow<T, T, NotUsed> {
  requireFunction('filter', 'p', p);
  return Flow.fromGraph(new FilterStage(p));
}

class FilterStage<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('filter.in'), new Outlet<T>('filter.out'));
  constructor(readonly p: (element: T) => boolean) {
    super('filter');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new FilterLogic(this, deciderOf(attributes));
  }
}

class FilterLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private readonly p: (element: T) => boolean;
  constructor(
    stage: FilterStage<T>,
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
    let pass: boolean;
    if (this.decider === undefined) {
      pass = this.p(element);
    } else {
      try {
        pass = this.p(element);
      } catch (error) {
        if (this.decider(error) === 'stop') throw error;
        pass = false;
      }
    }
    if (pass) this.push(this.out, element);
    else this.pull(this.in);
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes the elements for which `p` holds; see {@link filter}. */
    filter(p: (element: Out) => boolean): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes the elements for which `p` holds; see {@link filter}. */
    filter(p: (element: Out) => boolean): Flow<In, Out, Mat>;
  }
}
addFlowOperator('filter', filter);

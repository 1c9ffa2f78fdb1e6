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
 * Passes elements while `p` holds, then completes and cancels upstream. With `inclusive`, the
 * first element for which `p` fails is emitted too.
 * - Emits when: `p` returns true (or false, once, with `inclusive`).
 * - Backpressures when: downstream backpressures.
 * - Completes when: `p` returns false, or upstream completes.
 * - Cancels when: `p` returns false, or downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see take, dropWhile
 */
export function takeWhile<T>(p: (element: T) => boolean, inclusive = false): Flow<T, T, NotUsed> {
  requireFunction('takeWhile', 'p', p);
  return Flow.fromGraph(new TakeWhile(p, inclusive));
}

class TakeWhile<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('takeWhile.in'), new Outlet<T>('takeWhile.out'));
  constructor(
    readonly p: (element: T) => boolean,
    readonly inclusive: boolean,
  ) {
    super('takeWhile');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new TakeWhileLogic(this, deciderOf(attributes));
  }
}

class TakeWhileLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  constructor(
    private readonly stage: TakeWhile<T>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let pass: boolean;
    try {
      pass = this.stage.p(element);
    } catch (error) {
      if (this.decider === undefined || this.decider(error) === 'stop') throw error;
      this.pull(this.in);
      return;
    }
    if (pass) {
      this.push(this.out, element);
    } else {
      if (this.stage.inclusive) this.push(this.out, element);
      this.completeStage();
    }
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes elements while `p` holds; see {@link takeWhile}. */
    takeWhile(p: (element: Out) => boolean, inclusive?: boolean): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes elements while `p` holds; see {@link takeWhile}. */
    takeWhile(p: (element: Out) => boolean, inclusive?: boolean): Flow<In, Out, Mat>;
  }
}
addFlowOperator('takeWhile', takeWhile);

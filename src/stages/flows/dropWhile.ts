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
 * Drops elements while `p` holds; from the first element for which it does not, passes everything.
 * - Emits when: `p` returned false once, and upstream pushes.
 * - Backpressures when: `p` returned false once, and downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped.
 * @throws TypeError if `p` is not a function.
 * @see drop, takeWhile
 */
export function dropWhile<T>(p: (element: T) => boolean): Flow<T, T, NotUsed> {
  requireFunction('dropWhile', 'p', p);
  return Flow.fromGraph(new DropWhile(p));
}

class DropWhile<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('dropWhile.in'), new Outlet<T>('dropWhile.out'));
  constructor(readonly p: (element: T) => boolean) {
    super('dropWhile');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new DropWhileLogic(this, deciderOf(attributes));
  }
}

class DropWhileLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private dropping = true;
  constructor(
    private readonly stage: DropWhile<T>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.dropping) {
      let drop: boolean;
      try {
        drop = this.stage.p(element);
      } catch (error) {
        if (this.decider === undefined || this.decider(error) === 'stop') throw error;
        drop = true;
      }
      if (drop) {
        this.pull(this.in);
        return;
      }
      this.dropping = false;
    }
    this.push(this.out, element);
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Drops elements while `p` holds; see {@link dropWhile}. */
    dropWhile(p: (element: Out) => boolean): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Drops elements while `p` holds; see {@link dropWhile}. */
    dropWhile(p: (element: Out) => boolean): Flow<In, Out, Mat>;
  }
}
addFlowOperator('dropWhile', dropWhile);

import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  type NotUsed,
  Outlet,
  requireFunction,
  type StepContext,
  type StepSink,
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

// A fusable stage: next to other fusable stages it runs as a step of one fused logic.
class DropWhile<T> extends FusableFlow<T, T> {
  readonly shape = new FlowShape(new Inlet<T>('dropWhile.in'), new Outlet<T>('dropWhile.out'));
  constructor(readonly p: (element: T) => boolean) {
    super('dropWhile');
  }
  createStep(downstream: StepSink<T>, _context: StepContext, attributes: Attributes): StepSink<T> {
    return new DropWhileStep(this.p, downstream, deciderOf(attributes));
  }
}

class DropWhileStep<T> implements StepSink<T> {
  private isDropping = true;
  constructor(
    private readonly p: (element: T) => boolean,
    private readonly downstream: StepSink<T>,
    private readonly decider: Decider | undefined,
  ) {}
  onElement(element: T): void {
    if (this.isDropping) {
      let drop: boolean;
      try {
        drop = this.p(element);
      } catch (error) {
        if (this.decider === undefined || this.decider(error) === 'stop') throw error;
        return;
      }
      if (drop) return;
      this.isDropping = false;
    }
    this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
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

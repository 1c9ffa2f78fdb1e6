import { Flow, type NotUsed, type StepSink } from '../../core/index.js';
import { addFlowFactory } from '../fluent.js';
import { StepFlow } from './StepFlow.js';

/**
 * A flow that passes every element unchanged: the start of a `Flow` built by chaining operators.
 * It is fusable, so `Flow.create<T>().map(f)` fuses with its neighbours like `map(f)` alone.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 */
export function identity<T>(): Flow<T, T, NotUsed> {
  return Flow.fromGraph(
    new StepFlow<T, T>('identity', (downstream) => new IdentityStep(downstream)),
  );
}

class IdentityStep<T> implements StepSink<T> {
  constructor(private readonly downstream: StepSink<T>) {}
  onElement(element: T): void {
    this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/Flow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Flow class
  namespace Flow {
    /** An identity flow to chain operators on: `Flow.create<string>().map(parse)`. */
    function create<T>(): Flow<T, T, NotUsed>;
  }
}
addFlowFactory('create', identity);

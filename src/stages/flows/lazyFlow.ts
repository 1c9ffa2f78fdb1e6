import { Flow, type FlowShape, type Graph, requireFunction } from '../../core/index.js';
import { addFlowFactory } from '../fluent.js';
import { LazyFlowStage } from './lazyFutureFlow.js';

/**
 * On the first element (pulled when downstream first pulls), calls `create`, materializes the
 * flow it returns and runs this element and all later ones through it. Materializes a promise of
 * the inner flow's materialized value, rejected with `NeverMaterializedError` if upstream ends
 * before the first element (the flow then completes), or with the error `create` throws (which
 * also fails the stream).
 * - Emits when: the inner flow emits.
 * - Backpressures when: the inner flow backpressures.
 * - Completes when: the inner flow completes, or upstream completes before the first element.
 * - Cancels when: downstream cancels, or the inner flow cancels its input.
 * @throws TypeError if `create` is not a function.
 * @see lazyFutureFlow, futureFlow, lazySink
 */
export function lazyFlow<In, Out, M>(
  create: () => Graph<FlowShape<In, Out>, M>,
): Flow<In, Out, Promise<M>> {
  requireFunction('Flow.lazyFlow', 'create', create);
  return Flow.fromGraph(new LazyFlowStage<In, Out, M>('lazyFlow', create));
}

declare module '../../core/Flow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Flow class
  namespace Flow {
    /** A flow created on the first element; see {@link lazyFlow}. */
    function lazyFlow<In, Out, M>(
      create: () => Graph<FlowShape<In, Out>, M>,
    ): Flow<In, Out, Promise<M>>;
  }
}
addFlowFactory('lazyFlow', lazyFlow);

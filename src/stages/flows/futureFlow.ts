import { Flow, type FlowShape, type Graph } from '../../core/index.js';
import { addFlowFactory } from '../fluent.js';
import { LazyFlowStage } from './lazyFutureFlow.js';

/**
 * Runs the elements through the flow `flowPromise` resolves with, materialized when the first
 * element has arrived and the promise has resolved. Materializes a promise of the inner flow's
 * materialized value, rejected with `NeverMaterializedError` if upstream ends before the first
 * element, or with the promise's rejection (which also fails the stream).
 * - Emits when: the inner flow emits.
 * - Backpressures when: the promise has not resolved, or the inner flow backpressures.
 * - Completes when: the inner flow completes, or upstream completes before the first element.
 * - Cancels when: downstream cancels, or the inner flow cancels its input.
 * @throws TypeError if `flowPromise` is not a promise.
 * @see lazyFutureFlow, lazyFlow
 */
export function futureFlow<In, Out, M>(
  flowPromise: PromiseLike<Graph<FlowShape<In, Out>, M>>,
): Flow<In, Out, Promise<M>> {
  if (typeof (flowPromise as { then?: unknown } | null)?.then !== 'function') {
    throw new TypeError(
      `Flow.futureFlow: flowPromise must be a promise, got ${typeof flowPromise}`,
    );
  }
  // Attach a handler now, so a rejection of a never-materialized flow is not reported unhandled.
  Promise.resolve(flowPromise).catch(() => undefined);
  return Flow.fromGraph(new LazyFlowStage<In, Out, M>('futureFlow', () => flowPromise));
}

declare module '../../core/Flow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Flow class
  namespace Flow {
    /** A flow from a promise, materialized on the first element; see {@link futureFlow}. */
    function futureFlow<In, Out, M>(
      flowPromise: PromiseLike<Graph<FlowShape<In, Out>, M>>,
    ): Flow<In, Out, Promise<M>>;
  }
}
addFlowFactory('futureFlow', futureFlow);

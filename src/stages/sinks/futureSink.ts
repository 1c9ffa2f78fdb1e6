import { type Graph, Sink, type SinkShape } from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';
import { LazySinkStage } from './lazyFutureSink.js';

/**
 * Feeds the sink `sinkPromise` resolves with, materialized when both the first element has arrived
 * and the promise has resolved (as Pekko's `futureSink`). Materializes a promise of the inner
 * sink's materialized value, rejected with `NeverMaterializedError` if the stream ends before the
 * first element, or with the promise's rejection (which also fails the stream).
 * - Backpressures when: the promise has not resolved yet, or the inner sink backpressures.
 * - Completes when: upstream completes (the inner sink then completes), or the inner sink cancels.
 * - Cancels when: the inner sink cancels, or the promise rejects.
 * @throws TypeError if `sinkPromise` is not a promise.
 * @see lazyFutureSink, lazySink
 */
export function futureSink<T, M>(
  sinkPromise: PromiseLike<Graph<SinkShape<T>, M>>,
): Sink<T, Promise<M>> {
  if (typeof (sinkPromise as { then?: unknown } | null)?.then !== 'function')
    throw new TypeError(
      `Sink.futureSink: sinkPromise must be a promise, got ${typeof sinkPromise}`,
    );
  // Attach a handler now, so a rejection before the first element is not reported as unhandled.
  Promise.resolve(sinkPromise).catch(() => undefined);
  return Sink.fromGraph(new LazySinkStage<T, M>('futureSink', () => sinkPromise));
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** A sink from a promise, materialized on the first element; see {@link futureSink}. */
    function futureSink<T, M>(
      sinkPromise: PromiseLike<Graph<SinkShape<T>, M>>,
    ): Sink<T, Promise<M>>;
  }
}
addSinkFactory('futureSink', futureSink);

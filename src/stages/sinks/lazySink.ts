import { type Graph, requireFunction, Sink, type SinkShape } from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';
import { LazySinkStage } from './lazyFutureSink.js';

/**
 * Calls `create` on the first element, materializes the sink it returns and feeds it this element
 * and all later ones. Materializes a promise of the inner sink's materialized value, rejected with
 * `NeverMaterializedError` if the stream ends before the first element, or with the error `create`
 * throws (which also fails the stream).
 * - Backpressures when: the inner sink backpressures.
 * - Completes when: upstream completes (the inner sink then completes), or the inner sink cancels.
 * - Cancels when: the inner sink cancels, or `create` throws.
 * @throws TypeError if `create` is not a function.
 * @see lazyFutureSink, futureSink, lazySource
 */
export function lazySink<T, M>(create: () => Graph<SinkShape<T>, M>): Sink<T, Promise<M>> {
  requireFunction('Sink.lazySink', 'create', create);
  return Sink.fromGraph(new LazySinkStage<T, M>('lazySink', create));
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** A sink created on the first element; see {@link lazySink}. */
    function lazySink<T, M>(create: () => Graph<SinkShape<T>, M>): Sink<T, Promise<M>>;
  }
}
addSinkFactory('lazySink', lazySink);

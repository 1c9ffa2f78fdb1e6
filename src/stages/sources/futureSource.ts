import { type Graph, Source, type SourceShape } from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';
import { FutureSourceStage } from './lazyFutureSource.js';

/**
 * Emits the elements of the source `sourcePromise` resolves with, materialized as soon as the
 * promise resolves (without waiting for demand). Materializes a promise of the inner source's
 * materialized value, rejected with the promise's rejection (which also fails the stream), or with
 * `NeverMaterializedError` if the stream ends before the promise resolved.
 * - Emits when: the inner source emits.
 * - Completes when: the inner source completes.
 * - Cancels when: downstream cancels (the inner source is cancelled too).
 * @throws TypeError if `sourcePromise` is not a promise.
 * @see lazyFutureSource, fromPromise
 */
export function futureSource<T, M>(
  sourcePromise: PromiseLike<Graph<SourceShape<T>, M>>,
): Source<T, Promise<M>> {
  if (typeof (sourcePromise as { then?: unknown } | null)?.then !== 'function') {
    throw new TypeError(
      `Source.futureSource: sourcePromise must be a promise, got ${typeof sourcePromise}`,
    );
  }
  // Attach a handler now, so a rejection of a never-materialized source is not reported unhandled.
  Promise.resolve(sourcePromise).catch(() => undefined);
  return Source.fromGraph(new FutureSourceStage<T, M>('futureSource', () => sourcePromise, false));
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The elements of a source a promise resolves with; see {@link futureSource}. */
    function futureSource<T, M>(
      sourcePromise: PromiseLike<Graph<SourceShape<T>, M>>,
    ): Source<T, Promise<M>>;
  }
}
addSourceFactory('futureSource', futureSource);

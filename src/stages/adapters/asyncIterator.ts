import { Sink } from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';
import { type SinkQueue, sinkQueue } from './sinkQueue.js';

/**
 * A sink that materializes an async iterator over the stream's elements, so that
 * `for await (const x of source.runWith(Sink.asyncIterator()))` works. Leaving the loop early
 * (`break`, `return`, a throw) cancels the stream; a stream failure is thrown from the loop.
 * - Backpressures when: `bufferSize` elements (default 1) wait for the loop.
 * - Completes when: upstream completes (the loop ends).
 * - Cancels when: the loop is left early.
 * @throws RangeError if `bufferSize` is not a positive integer.
 * @see Sink.queue, Source.fromAsyncIterable
 */
export function asyncIterator<T>(bufferSize = 1): Sink<T, AsyncIterableIterator<T>> {
  return sinkQueue<T>(bufferSize).mapMaterializedValue((q) => new QueueIterator(q));
}

class QueueIterator<T> implements AsyncIterableIterator<T> {
  private done = false;
  constructor(private readonly queue: SinkQueue<T>) {}
  async next(): Promise<IteratorResult<T>> {
    if (this.done) return { done: true, value: undefined };
    const value = await this.queue.pull();
    if (value === undefined) {
      this.done = true;
      return { done: true, value: undefined };
    }
    return { done: false, value };
  }
  return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.queue.cancel();
    }
    return Promise.resolve({ done: true, value: undefined });
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** A sink read with `for await`; see {@link asyncIterator}. */
    function asyncIterator<T>(bufferSize?: number): Sink<T, AsyncIterableIterator<T>>;
  }
}
addSinkFactory('asyncIterator', asyncIterator);

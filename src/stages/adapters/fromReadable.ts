import type { Readable } from 'node:stream';
import { type NotUsed, requireFunction, Source } from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';
import { FromAsyncIterable } from './fromAsyncIterable.js';

/**
 * Emits the chunks of a Node `Readable` made by `create` (once per materialization). It reads
 * through the stream's async iterator, one chunk per downstream pull, so the Readable's own
 * buffer (its `highWaterMark`) bounds what is read ahead. Cancelling destroys the Readable.
 * - Emits when: a chunk was read and downstream pulled.
 * - Backpressures when: downstream backpressures.
 * - Completes when: the Readable ends.
 * - Fails when: the Readable errors.
 * @throws TypeError if `create` is not a function.
 * @see Sink.toWritable, Source.fromAsyncIterable
 */
export function fromReadable<T = Buffer>(create: () => Readable): Source<T, NotUsed> {
  requireFunction('Source.fromReadable', 'create', create);
  return Source.fromGraph(
    new FromAsyncIterable<T>(() => create() as AsyncIterable<T>, 'fromReadable'),
  );
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The chunks of a Node Readable, read on demand; see {@link fromReadable}. */
    function fromReadable<T = Buffer>(create: () => Readable): Source<T, NotUsed>;
  }
}
addSourceFactory('fromReadable', fromReadable);

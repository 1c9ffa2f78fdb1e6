import { Sink } from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';
import { FoldSink } from './FoldSink.js';

/**
 * A sink that counts the elements and resolves with the count at completion; rejects when the
 * stream fails. A fusable sink.
 * - Backpressures when: never.
 * - Completes when: upstream completes.
 * @see fold, seq
 */
export function count<In>(): Sink<In, Promise<number>> {
  return Sink.fromGraph(
    new FoldSink<In, number, number>(
      'count',
      () => 0,
      (n) => n + 1,
      (n) => n,
    ),
  );
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** The number of elements; see {@link count}. */
    function count<In>(): Sink<In, Promise<number>>;
  }
}
addSinkFactory('count', count);

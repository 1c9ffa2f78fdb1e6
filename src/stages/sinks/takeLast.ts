import { requirePositiveInt, Sink } from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';
import { FoldSink } from './FoldSink.js';

/**
 * A sink that keeps the last `n` elements in a ring and resolves with them, oldest first, at
 * completion (all of them if fewer arrived, `[]` for an empty stream); rejects when the stream
 * fails. A fusable sink; memory is bounded by `n`.
 * - Backpressures when: never.
 * - Completes when: upstream completes.
 * @throws RangeError if `n` is not a positive integer.
 * @see last, seq
 */
export function takeLast<In>(n: number): Sink<In, Promise<In[]>> {
  requirePositiveInt('Sink.takeLast', 'n', n);
  return Sink.fromGraph(
    new FoldSink<In, LastN<In>, In[]>(
      'takeLast',
      () => new LastN<In>(n),
      (ring, element) => ring.add(element),
      (ring) => ring.toArray(),
    ),
  );
}

// A fixed ring overwritten in place: no allocation per element.
class LastN<T> {
  private readonly items: T[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}
  add(element: T): this {
    if (this.items.length < this.capacity) this.items.push(element);
    else this.items[this.next] = element;
    this.next = (this.next + 1) % this.capacity;
    return this;
  }
  toArray(): T[] {
    if (this.items.length < this.capacity) return this.items.slice();
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** The last `n` elements; see {@link takeLast}. */
    function takeLast<In>(n: number): Sink<In, Promise<In[]>>;
  }
}
addSinkFactory('takeLast', takeLast);

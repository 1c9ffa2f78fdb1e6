import { type NotUsed, Source } from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';
import { elementSource } from './ElementSource.js';

/**
 * Emits the same element forever, one per pull.
 * - Emits when: downstream pulls.
 * - Completes when: never; cancel it (`take`, a kill switch) to stop.
 * @throws TypeError if `element` is null or undefined.
 */
export function repeat<T>(element: T): Source<T, NotUsed> {
  return elementSource('repeat', element, false);
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The same element forever; see {@link repeat}. */
    function repeat<T>(element: T): Source<T, NotUsed>;
  }
}
addSourceFactory('repeat', repeat);

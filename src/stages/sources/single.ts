import { type NotUsed, Source } from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';
import { elementSource } from './ElementSource.js';

/**
 * Emits one element, then completes.
 * - Emits when: downstream pulls.
 * - Completes when: the element was emitted.
 * @throws TypeError if `element` is null or undefined.
 */
export function single<T>(element: T): Source<T, NotUsed> {
  return elementSource('single', element, true);
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** One element, then completion; see {@link single}. */
    function single<T>(element: T): Source<T, NotUsed>;
  }
}
addSourceFactory('single', single);

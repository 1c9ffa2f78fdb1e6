import { requireFunction, Sink } from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';
import { FoldSink } from './FoldSink.js';
import { NoSuchElementError } from './head.js';

/**
 * A sink that folds with the first element as the seed; materializes to a promise of the result,
 * rejected with `NoSuchElementError` on an empty stream.
 * - Backpressures when: never (it pulls as fast as `f` returns).
 * - Completes when: upstream completes (resolves) or fails (rejects).
 *
 * Honours supervision: `resume` keeps the accumulator, `restart` forgets it.
 * @throws TypeError if `f` is not a function.
 * @see reduce, Sink.fold
 */
export function reduceSink<In>(f: (acc: In, element: In) => In): Sink<In, Promise<In>> {
  requireFunction('Sink.reduce', 'f', f);
  return Sink.fromGraph(
    new FoldSink<In, In | undefined, In>(
      'reduce',
      () => undefined,
      // `undefined` is never an element, so it marks "no seed yet".
      (acc, element) => (acc === undefined ? element : f(acc, element)),
      (acc) => {
        if (acc === undefined)
          throw new NoSuchElementError(
            'Sink.reduce: cannot reduce an empty stream: no element arrived',
          );
        return acc;
      },
    ),
  );
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** Folds with the first element as the seed; see {@link reduceSink}. */
    function reduce<In>(f: (acc: In, element: In) => In): Sink<In, Promise<In>>;
  }
}
addSinkFactory('reduce', reduceSink);

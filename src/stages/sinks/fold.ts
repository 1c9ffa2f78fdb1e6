import { requireFunction, Sink } from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';
import { FoldSink } from './FoldSink.js';

/**
 * A sink that folds every element into an accumulator; materializes to a promise of the result.
 * - Backpressures when: never (it pulls as fast as `f` returns).
 * - Completes when: upstream completes (resolves) or fails (rejects).
 *
 * Honours supervision: `resume` keeps the accumulator, `restart` resets it to `zero`.
 */
export function foldSink<In, Acc>(
  zero: Acc,
  f: (acc: Acc, element: In) => Acc,
): Sink<In, Promise<Acc>> {
  requireFunction('Sink.fold', 'f', f);
  return Sink.fromGraph(
    new FoldSink<In, Acc, Acc>(
      'fold',
      () => zero,
      f,
      (acc) => acc,
    ),
  );
}

/** A sink that runs `f` for each element; materializes to a promise that resolves at completion. */
export function foreach<In>(f: (element: In) => void): Sink<In, Promise<void>> {
  requireFunction('Sink.foreach', 'f', f);
  return Sink.fromGraph(
    new FoldSink<In, undefined, undefined>(
      'foreach',
      () => undefined,
      (_acc, element) => {
        f(element);
        return undefined;
      },
      () => undefined,
    ),
  );
}

/** A sink that consumes and drops every element; resolves at completion. */
export function ignore<In = unknown>(): Sink<In, Promise<void>> {
  return Sink.fromGraph(
    new FoldSink<In, undefined, undefined>(
      'ignore',
      () => undefined,
      () => undefined,
      () => undefined,
    ),
  );
}

/** A sink that collects every element into an array. */
export function seq<In>(): Sink<In, Promise<In[]>> {
  return Sink.fromGraph(
    new FoldSink<In, In[], In[]>(
      'seq',
      () => [],
      (acc, element) => {
        acc.push(element);
        return acc;
      },
      (acc) => acc,
    ),
  );
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** Folds every element; see {@link foldSink}. */
    function fold<In, Acc>(zero: Acc, f: (acc: Acc, element: In) => Acc): Sink<In, Promise<Acc>>;
    /** Runs `f` per element; see {@link foreach}. */
    function foreach<In>(f: (element: In) => void): Sink<In, Promise<void>>;
    /** Drops every element; see {@link ignore}. */
    function ignore<In = unknown>(): Sink<In, Promise<void>>;
    /** Collects every element; see {@link seq}. */
    function seq<In>(): Sink<In, Promise<In[]>>;
  }
}
addSinkFactory('fold', foldSink);
addSinkFactory('foreach', foreach);
addSinkFactory('ignore', ignore);
addSinkFactory('seq', seq);

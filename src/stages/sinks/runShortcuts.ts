import { type Materializer, Source } from '../../core/index.js';
import { foldSink, foreach } from './fold.js';

/**
 * `source.runForeach(f)` and `source.runFold(zero, f)`: Pekko's shortcuts for
 * `runWith(Sink.foreach(f))` and `runWith(Sink.fold(zero, f))`.
 */
declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a merged declaration repeats the class's type parameters
  interface Source<Out, Mat> {
    /**
     * Runs this source, calling `f` on each element; resolves when it completes (rejects when it
     * fails). Same as `runWith(Sink.foreach(f), materializer)`.
     */
    runForeach(f: (element: Out) => void, materializer?: Materializer): Promise<void>;
    /**
     * Runs this source, folding its elements; resolves with the result when it completes. Same as
     * `runWith(Sink.fold(zero, f), materializer)`.
     */
    runFold<Acc>(
      zero: Acc,
      f: (acc: Acc, element: Out) => Acc,
      materializer?: Materializer,
    ): Promise<Acc>;
  }
}

Object.defineProperty(Source.prototype, 'runForeach', {
  value: function <T>(
    this: Source<T, unknown>,
    f: (element: T) => void,
    materializer?: Materializer,
  ): Promise<void> {
    return this.runWith(foreach(f), materializer);
  },
  writable: true,
  configurable: true,
});
Object.defineProperty(Source.prototype, 'runFold', {
  value: function <T, Acc>(
    this: Source<T, unknown>,
    zero: Acc,
    f: (acc: Acc, element: T) => Acc,
    materializer?: Materializer,
  ): Promise<Acc> {
    return this.runWith(foldSink(zero, f), materializer);
  },
  writable: true,
  configurable: true,
});

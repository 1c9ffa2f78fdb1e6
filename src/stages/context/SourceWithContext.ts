import { requireFunction, Source } from '../../core/index.js';
import '../async/mapAsync.js';
import '../flows/filter.js';
import '../flows/map.js';

/**
 * A source of `[element, context]` pairs whose operators see only the element and carry the
 * context along (a Kafka offset to commit, a request id). Made with `source.asSourceWithContext`.
 */
export class SourceWithContext<Out, Ctx, Mat> {
  constructor(private readonly pairs: Source<readonly [Out, Ctx], Mat>) {}

  /** Transforms each element with `f`, keeping its context; see `map`. */
  map<T>(f: (element: Out) => T): SourceWithContext<T, Ctx, Mat> {
    requireFunction('SourceWithContext.map', 'f', f);
    return new SourceWithContext(
      this.pairs.map(([element, context]): readonly [T, Ctx] => [f(element), context]),
    );
  }

  /** Passes the elements (with their contexts) for which `p` holds; see `filter`. */
  filter(p: (element: Out) => boolean): SourceWithContext<Out, Ctx, Mat> {
    requireFunction('SourceWithContext.filter', 'p', p);
    return new SourceWithContext(this.pairs.filter(([element]) => p(element)));
  }

  /** Transforms each element with the async `f`, in order, keeping its context; see `mapAsync`. */
  mapAsync<T>(
    parallelism: number,
    f: (element: Out) => PromiseLike<T> | T,
  ): SourceWithContext<T, Ctx, Mat> {
    requireFunction('SourceWithContext.mapAsync', 'f', f);
    return new SourceWithContext(
      this.pairs.mapAsync(parallelism, async ([element, context]): Promise<readonly [T, Ctx]> => [
        await f(element),
        context,
      ]),
    );
  }

  /** Back to a source of `[element, context]` pairs. */
  asSource(): Source<readonly [Out, Ctx], Mat> {
    return this.pairs;
  }
}

/**
 * Pairs each element with the context `extract` takes from it.
 * @throws TypeError if `extract` is not a function.
 */
export function asSourceWithContext<Out, Ctx, Mat>(
  source: Source<Out, Mat>,
  extract: (element: Out) => Ctx,
): SourceWithContext<Out, Ctx, Mat> {
  requireFunction('asSourceWithContext', 'extract', extract);
  return new SourceWithContext(
    source.map((element): readonly [Out, Ctx] => [element, extract(element)]),
  );
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Pairs each element with the context `extract` takes from it; see {@link SourceWithContext}. */
    asSourceWithContext<Ctx>(extract: (element: Out) => Ctx): SourceWithContext<Out, Ctx, Mat>;
  }
}
Object.defineProperty(Source.prototype, 'asSourceWithContext', {
  value: function <Out, Ctx, Mat>(this: Source<Out, Mat>, extract: (element: Out) => Ctx) {
    return asSourceWithContext(this, extract);
  },
  writable: true,
  configurable: true,
});

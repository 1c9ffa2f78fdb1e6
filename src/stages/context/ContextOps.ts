import {
  type Flow,
  requireCapacity,
  requireFunction,
  requirePositiveInt,
} from '../../core/index.js';
import { mapAsync } from '../async/mapAsync.js';
import { mapError } from '../errors/mapError.js';
import { collect } from '../flows/collect.js';
import { filter } from '../flows/filter.js';
import { grouped } from '../flows/grouped.js';
import { log, type LogOptions } from '../flows/log.js';
import { map } from '../flows/map.js';
import { mapConcat } from '../flows/mapConcat.js';
import { sliding } from '../flows/sliding.js';
import type { FlowWithContext } from './FlowWithContext.js';
import type { SourceWithContext } from './SourceWithContext.js';

/** An element with the context it carries: what a `SourceWithContext` or `FlowWithContext` emits. */
export type WithContext<T, Ctx> = readonly [element: T, context: Ctx];

/** Which context-carrying DSL an operator returns: the one it was called on. */
export type ContextKind = 'source' | 'flow';

/**
 * The result type of a context operator, by kind: a `SourceWithContext` stays one, a
 * `FlowWithContext` stays one, with the new element and context types.
 */
export interface ContextDsl<In, CtxIn, Out, Ctx, Mat> {
  readonly source: SourceWithContext<Out, Ctx, Mat>;
  readonly flow: FlowWithContext<In, CtxIn, Out, Ctx, Mat>;
}

/** Shorthand for `ContextDsl<...>[K]`. */
export type ContextRepr<K extends ContextKind, In, CtxIn, Out, Ctx, Mat> = ContextDsl<
  In,
  CtxIn,
  Out,
  Ctx,
  Mat
>[K];

/**
 * The operators shared by {@link SourceWithContext} and {@link FlowWithContext}. Each one sees only
 * the element and keeps its context beside it; only order-preserving operators are offered, so a
 * context (a Kafka offset) never overtakes the one before it. Each is written once, as a flow of
 * `[element, context]` pairs that the subclass appends with `viaPairs`. Every operator of `FlowOps`
 * is either here or listed in {@link NotOnContextDsl}, which the compiler checks.
 */
export abstract class ContextOps<K extends ContextKind, In, CtxIn, Out, Ctx, Mat> {
  /** The DSL's name, for error messages (`FlowWithContext.map: f must be a function`). */
  protected abstract readonly label: string;

  /** Appends a flow of pairs; the materialized value stays this one's. */
  protected abstract viaPairs<O2, C2>(
    flow: Flow<WithContext<Out, Ctx>, WithContext<O2, C2>, unknown>,
  ): ContextRepr<K, In, CtxIn, O2, C2, Mat>;

  /**
   * Transforms each element with `f`, keeping its context; see `map`.
   * @throws TypeError if `f` is not a function.
   */
  map<T>(f: (element: Out) => T): ContextRepr<K, In, CtxIn, T, Ctx, Mat> {
    requireFunction(`${this.label}.map`, 'f', f);
    return this.viaPairs(
      map(([element, context]: WithContext<Out, Ctx>) => pair(f(element), context)),
    );
  }

  /**
   * Passes the elements (with their contexts) for which `p` holds; see `filter`.
   * @throws TypeError if `p` is not a function.
   */
  filter(p: (element: Out) => boolean): ContextRepr<K, In, CtxIn, Out, Ctx, Mat> {
    requireFunction(`${this.label}.filter`, 'p', p);
    return this.viaPairs(filter(([element]: WithContext<Out, Ctx>) => p(element)));
  }

  /**
   * Drops the elements (with their contexts) for which `p` holds; see `filterNot`.
   * @throws TypeError if `p` is not a function.
   */
  filterNot(p: (element: Out) => boolean): ContextRepr<K, In, CtxIn, Out, Ctx, Mat> {
    requireFunction(`${this.label}.filterNot`, 'p', p);
    return this.viaPairs(filter(([element]: WithContext<Out, Ctx>) => !p(element)));
  }

  /**
   * Maps and filters in one step, keeping each passed element's context; `f` is a type guard, a
   * predicate, or a partial function returning `undefined`/`null` for the elements to drop. See
   * `collect`.
   * @throws TypeError if `f` is not a function.
   */
  collect<S extends Out>(f: (element: Out) => element is S): ContextRepr<K, In, CtxIn, S, Ctx, Mat>;
  collect(f: (element: Out) => boolean): ContextRepr<K, In, CtxIn, Out, Ctx, Mat>;
  collect<T>(f: (element: Out) => T | undefined | null): ContextRepr<K, In, CtxIn, T, Ctx, Mat>;
  collect<T>(f: (element: Out) => unknown): ContextRepr<K, In, CtxIn, T, Ctx, Mat> {
    requireFunction(`${this.label}.collect`, 'f', f);
    return this.viaPairs(
      collect((p: WithContext<Out, Ctx>): WithContext<T, Ctx> | undefined => {
        const result = f(p[0]);
        if (result === true) return p as unknown as WithContext<T, Ctx>; // a predicate passed it
        if (result === false || result === undefined || result === null) return undefined;
        return pair(result as T, p[1]);
      }),
    );
  }

  /**
   * Transforms each element with the async `f`, at most `parallelism` at a time, emitting in
   * upstream order with each result's context; a result of `undefined` or `null` drops the element
   * and its context. See `mapAsync`.
   * @throws RangeError if `parallelism` is not an integer from 1 to 2**30; TypeError if `f` is not a function.
   */
  mapAsync<T>(
    parallelism: number,
    f: (element: Out) => PromiseLike<T | undefined | null> | T | undefined | null,
  ): ContextRepr<K, In, CtxIn, T, Ctx, Mat> {
    requireCapacity(`${this.label}.mapAsync`, 'parallelism', parallelism);
    requireFunction(`${this.label}.mapAsync`, 'f', f);
    return this.viaPairs(
      mapAsync(parallelism, async ([element, context]: WithContext<Out, Ctx>) => {
        const result = await f(element);
        // mapAsync skips an undefined result: the element is dropped with its context.
        return result === undefined || result === null ? undefined : pair(result, context);
      }) as Flow<WithContext<Out, Ctx>, WithContext<T, Ctx>, unknown>,
    );
  }

  /**
   * Replaces each element with the elements of `f(element)`, each carrying the input's context;
   * see `mapConcat`.
   * @throws TypeError if `f` is not a function.
   */
  mapConcat<T>(f: (element: Out) => Iterable<T>): ContextRepr<K, In, CtxIn, T, Ctx, Mat> {
    requireFunction(`${this.label}.mapConcat`, 'f', f);
    return this.viaPairs(
      mapConcat(([element, context]: WithContext<Out, Ctx>) => withContext(f(element), context)),
    );
  }

  /**
   * Emits groups of `n` elements; the context of a group is the array of its elements' contexts.
   * See `grouped`.
   * @throws RangeError if `n` is not a positive integer.
   */
  grouped(n: number): ContextRepr<K, In, CtxIn, Out[], Ctx[], Mat> {
    requirePositiveInt(`${this.label}.grouped`, 'n', n);
    return this.viaPairs(grouped<WithContext<Out, Ctx>>(n).via(map(unzip<Out, Ctx>)));
  }

  /**
   * Emits windows of `n` elements every `step` elements; the context of a window is the array of
   * its elements' contexts. See `sliding`.
   * @throws RangeError if `n` or `step` is not a positive integer.
   */
  sliding(n: number, step = 1): ContextRepr<K, In, CtxIn, Out[], Ctx[], Mat> {
    requirePositiveInt(`${this.label}.sliding`, 'n', n);
    requirePositiveInt(`${this.label}.sliding`, 'step', step);
    return this.viaPairs(sliding<WithContext<Out, Ctx>>(n, step).via(map(unzip<Out, Ctx>)));
  }

  /**
   * Transforms each context with `f`, keeping the element.
   * @throws TypeError if `f` is not a function.
   */
  mapContext<C2>(f: (context: Ctx) => C2): ContextRepr<K, In, CtxIn, Out, C2, Mat> {
    requireFunction(`${this.label}.mapContext`, 'f', f);
    return this.viaPairs(
      map(([element, context]: WithContext<Out, Ctx>) => pair(element, f(context))),
    );
  }

  /**
   * Replaces an upstream failure with `f(error)`; elements and contexts pass unchanged. See
   * `mapError`.
   * @throws TypeError if `f` is not a function.
   */
  mapError(f: (error: unknown) => unknown): ContextRepr<K, In, CtxIn, Out, Ctx, Mat> {
    requireFunction(`${this.label}.mapError`, 'f', f);
    return this.viaPairs(mapError<WithContext<Out, Ctx>>(f));
  }

  /**
   * Logs each element (not its context) and the stream's end; see `log`.
   * @throws TypeError if `name` is not a string or `options.extract` is not a function.
   */
  log(name: string, options: LogOptions<Out> = {}): ContextRepr<K, In, CtxIn, Out, Ctx, Mat> {
    const extract = options.extract;
    if (extract !== undefined) requireFunction(`${this.label}.log`, 'extract', extract);
    const ofPair = ([element]: WithContext<Out, Ctx>): unknown =>
      extract === undefined ? element : extract(element);
    const pairOptions: LogOptions<WithContext<Out, Ctx>> =
      options.logger === undefined
        ? { extract: ofPair }
        : { extract: ofPair, logger: options.logger };
    return this.viaPairs(log(name, pairOptions));
  }

  /** Appends a context-carrying flow; the materialized value stays this one's. */
  via<O2, C2>(
    flow: FlowWithContext<Out, Ctx, O2, C2, unknown>,
  ): ContextRepr<K, In, CtxIn, O2, C2, Mat> {
    return this.viaPairs(flow.asFlow());
  }
}

function pair<T, C>(element: T, context: C): WithContext<T, C> {
  return [element, context];
}

function* withContext<T, C>(elements: Iterable<T>, context: C): Iterable<WithContext<T, C>> {
  for (const element of elements) yield [element, context];
}

function unzip<T, C>(pairs: WithContext<T, C>[]): WithContext<T[], C[]> {
  const elements: T[] = [];
  const contexts: C[] = [];
  for (const [element, context] of pairs) {
    elements.push(element);
    contexts.push(context);
  }
  return [elements, contexts];
}

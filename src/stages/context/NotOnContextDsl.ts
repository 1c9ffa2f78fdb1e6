import type { FlowOps } from '../../core/index.js';
import type { ContextOps } from './ContextOps.js';

/**
 * The operators of `FlowOps` that the context DSLs leave out, in this one place, as Pekko's
 * `FlowWithContext` does: each could reorder, merge in, invent, or swallow elements, so a context
 * (a Kafka offset to commit) would no longer follow the element it came with, or it opens
 * substreams. Use `asSource()`/`asFlow()` and the operator on the `[element, context]` pairs when
 * you know the contexts stay right.
 */
export type NotOnContextDsl =
  // Fan-in: elements without a context of this stream, or a new order.
  | 'concat'
  | 'concatAllLazy'
  | 'concatLazy'
  | 'interleave'
  | 'interleaveAll'
  | 'merge'
  | 'mergeAll'
  | 'mergePreferred'
  | 'mergePrioritized'
  | 'mergeSorted'
  | 'orElse'
  | 'prepend'
  | 'prependLazy'
  | 'zip'
  | 'zipAll'
  | 'zipLatest'
  | 'zipLatestWith'
  | 'zipWith'
  | 'zipWithIndex'
  // Fan-out and side channels of whole elements.
  | 'alsoTo'
  | 'alsoToAll'
  | 'divertTo'
  | 'wireTap'
  // Aggregation and rate: elements combined, invented or dropped without their contexts.
  | 'batch'
  | 'batchWeighted'
  | 'conflate'
  | 'conflateWithSeed'
  | 'expand'
  | 'extrapolate'
  | 'fold'
  | 'foldAsync'
  | 'foldWhile'
  | 'reduce'
  | 'scan'
  | 'scanAsync'
  | 'groupedWeighted'
  | 'groupedWeightedWithin'
  | 'groupedWithin'
  | 'intersperse'
  | 'statefulMap'
  | 'statefulMapConcat'
  | 'mapWithResource'
  | 'keepAlive'
  | 'buffer'
  | 'throttle'
  | 'delay'
  | 'initialDelay'
  | 'detach'
  | 'collectType'
  // Out of upstream order, or nested streams.
  | 'mapAsyncUnordered'
  | 'mapAsyncPartitioned'
  | 'flatMapConcat'
  | 'flatMapMerge'
  | 'flatMapPrefix'
  | 'switchMap'
  | 'prefixAndTail'
  // Ends and limits: they stay available on the pairs (`asSource().take(n)`).
  | 'drop'
  | 'dropWhile'
  | 'dropWithin'
  | 'take'
  | 'takeWhile'
  | 'takeWithin'
  | 'takeUntil'
  | 'limit'
  | 'limitWeighted'
  // Timeouts and recovery: a recovering source's elements carry no context.
  | 'backpressureTimeout'
  | 'completionTimeout'
  | 'idleTimeout'
  | 'initialTimeout'
  | 'onErrorComplete'
  | 'onErrorContinue'
  | 'onErrorResume'
  | 'recover'
  | 'recoverWith'
  | 'recoverWithRetries';

/** Operators of `FlowOps` that are neither on the context DSLs nor in {@link NotOnContextDsl}. */
type MissingFromContextDsl = Exclude<
  keyof FlowOps<unknown, unknown, unknown, 'flow'>,
  keyof ContextOps<'flow', unknown, unknown, unknown, unknown, unknown> | NotOnContextDsl
>;

// Compile-time check that a new operator was placed: this fails to compile, naming the operator,
// until it is added to ContextOps or to NotOnContextDsl.
true satisfies [MissingFromContextDsl] extends [never] ? true : { missing: MissingFromContextDsl };

import {
  Flow,
  type Graph,
  type NotUsed,
  requireFunction,
  type SourceShape,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { FlatMapMerge } from './flatMapMerge.js';

/**
 * Maps each element to a source with `f` and emits that source's elements, one source at a time:
 * the next element is pulled only once the current source completed.
 * - Emits when: the current inner source has an element available.
 * - Backpressures when: downstream backpressures, or an inner source is running.
 * - Completes when: upstream and the last inner source completed.
 * - Cancels when: downstream cancels (the inner source is cancelled with it).
 * - Fails when: upstream or the inner source fails, or `f` throws.
 * @throws TypeError if `f` is not a function.
 * @see flatMapMerge
 */
export function flatMapConcat<T, U>(
  f: (element: T) => Graph<SourceShape<U>, unknown>,
): Flow<T, U, NotUsed> {
  requireFunction('flatMapConcat', 'f', f);
  return Flow.fromGraph(new FlatMapMerge(1, f, 'flatMapConcat'));
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Emits the elements of each inner source in turn; see {@link flatMapConcat}. */
    flatMapConcat<U>(f: (element: Out) => Graph<SourceShape<U>, unknown>): Source<U, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Emits the elements of each inner source in turn; see {@link flatMapConcat}. */
    flatMapConcat<U>(f: (element: Out) => Graph<SourceShape<U>, unknown>): Flow<In, U, Mat>;
  }
}
addFlowOperator('flatMapConcat', flatMapConcat);

import { Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { Expand } from './expand.js';

function* withExtras<T>(element: T, extras: Iterator<T>): Generator<T> {
  yield element;
  for (let next = extras.next(); next.done !== true; next = extras.next()) yield next.value;
}

/**
 * While downstream is faster than upstream, emits each element and then, until the next one
 * arrives, the extras that `f(element)` iterates. With `initial`, that element (and its extras) is
 * emitted before the first upstream element if downstream asks first.
 * - Emits when: downstream pulls and there is an element or an extra to emit.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes and its last element was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision like {@link expand}.
 * @throws TypeError if `f` is not a function.
 * @see expand, keepAlive
 */
export function extrapolate<T>(f: (element: T) => Iterator<T>, initial?: T): Flow<T, T, NotUsed> {
  requireFunction('extrapolate', 'f', f);
  const start = initial === undefined ? undefined : () => withExtras(initial, f(initial));
  return Flow.fromGraph(new Expand<T, T>((e) => withExtras(e, f(e)), start, 'extrapolate'));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits extras after each element while downstream is faster; see {@link extrapolate}. */
    extrapolate(f: (element: Out) => Iterator<Out>, initial?: Out): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('extrapolate', extrapolate);

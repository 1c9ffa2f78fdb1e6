import {
  Flow,
  FlowShape,
  type Graph,
  GraphDSL,
  type SinkShape,
  type Repr,
  requireSinks,
  Sink,
} from '../../core/index.js';
import { broadcast } from '../fanOut/broadcast.js';
import { FanOutSinks } from '../fanOut/FanOutSinks.js';
import { addFlowOperator } from '../fluent.js';
import { TeeChain } from './TeeChain.js';

/**
 * Passes every element downstream and also to each of `sinks`; the slowest of them sets the pace.
 * It is a `broadcast` with `sinks.length + 1` outputs and `eagerCancel`, output 0 downstream (so
 * `alsoToAll(sink)` behaves as `alsoTo(sink)`; with no sinks it passes elements through).
 * - Emits when: an element is available and downstream and every sink have demand.
 * - Backpressures when: downstream or any sink backpressures.
 * - Completes when: upstream completes (every sink completes too).
 * - Cancels when: downstream or any sink cancels (the others are completed).
 *
 * The flow materializes to the tuple of the sinks' values, in order; the fluent
 * `source.alsoToAll(...)` keeps the source's.
 * @example
 * ```ts
 * const [[audit, metrics], out] = source
 *   .viaMat(alsoToAll(Sink.seq<number>(), Sink.count<number>()), Keep.right)
 *   .toMat(Sink.seq(), Keep.both)
 *   .run();
 * ```
 * @see alsoTo, wireTap, broadcast
 */
export function alsoToAll<T, const Ms extends readonly unknown[]>(
  ...sinks: { readonly [K in keyof Ms]: Graph<SinkShape<T>, Ms[K]> }
): Flow<T, T, Ms> {
  requireSinks('alsoToAll', 'sinks', sinks);
  return Flow.fromGraph(
    GraphDSL.createWith(sinks as readonly Graph<SinkShape<T>, unknown>[], (b, ...sides) => {
      const fanOut = b.add(broadcast<T>(sides.length + 1, true));
      sides.forEach((side, i) => {
        b.connect(fanOut.out(i + 1), side.in);
      });
      return new FlowShape(fanOut.in, fanOut.out(0));
    }),
  ) as unknown as Flow<T, T, Ms>;
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Also sends every element to each of `sinks`; see {@link alsoToAll}. */
    alsoToAll(...sinks: Graph<SinkShape<Out>, unknown>[]): Repr<Kind, In, Out, Mat>;
  }
}
// The fluent form drops the sinks' values, so single fusable sinks run inside the chain instead,
// behind one fused broadcast with eagerCancel, as the junction's; anything else (a bad argument
// included) goes to the junction's function.
addFlowOperator('alsoToAll', <T>(...sinks: Graph<SinkShape<T>, unknown>[]) => {
  const sides = sinks.length === 0 ? undefined : FanOutSinks.of(sinks, true);
  const fused = sides === undefined ? undefined : TeeChain.of(Sink.fromGraph(sides), false);
  return fused ?? alsoToAll<T, unknown[]>(...sinks);
});

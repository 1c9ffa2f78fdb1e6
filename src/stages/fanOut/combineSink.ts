import {
  type Graph,
  GraphDSL,
  type GraphStage,
  type NotUsed,
  requireFunction,
  requireSinks,
  Sink,
  SinkShape,
  type UniformFanOutShape,
} from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';
import { Broadcast } from './broadcast.js';
import { FanOutSinks } from './FanOutSinks.js';
import { Partition } from './partition.js';

/**
 * One sink made of several, fed through the fan-out junction `strategy(n)` makes: `broadcast`,
 * `balance`, ... (`Sink.combine([a, b], (n) => broadcast(n))`). A `broadcast` or a `partition`
 * into sinks that are all single fusable sinks (`Sink.foreach`, `Sink.fold`, `Sink.ignore`, ...)
 * runs as one fused sink that hands each element to each of them in turn (or to the one the
 * partitioner picks), with the junction's semantics.
 * - Backpressures when, Completes when: as the junction and the sinks do.
 * @throws RangeError if `sinks` is empty; TypeError if `strategy` is not a function.
 * @see Source.combine, broadcast, balance
 */
export function combineSink<T, U>(
  sinks: readonly Graph<SinkShape<U>, unknown>[],
  strategy: (n: number) => GraphStage<UniformFanOutShape<T, U>>,
): Sink<T, NotUsed> {
  if (sinks.length === 0)
    throw new RangeError('Sink.combine: sinks must not be empty, got 0 sinks');
  requireFunction('Sink.combine', 'strategy', strategy);
  requireSinks('Sink.combine', 'sinks', sinks);
  const stage = strategy(sinks.length);
  let fused: FanOutSinks<U> | undefined;
  if (stage instanceof Broadcast) fused = FanOutSinks.of(sinks, stage.eagerCancel);
  else if (stage instanceof Partition)
    fused = FanOutSinks.of(sinks, stage.eagerCancel, stage.partitioner as (element: U) => number);
  // A broadcast and a partition pass on what they take: U is T.
  if (fused !== undefined) return Sink.fromGraph(fused) as unknown as Sink<T, NotUsed>;
  return Sink.fromGraph(
    GraphDSL.create((b) => {
      const junction = b.add(stage);
      sinks.forEach((s, i) => {
        b.connect(junction.out(i), b.add(s).in);
      });
      return new SinkShape(junction.in);
    }),
  );
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** One sink made of several through a fan-out junction; see {@link combineSink}. */
    function combine<T, U>(
      sinks: readonly Graph<SinkShape<U>, unknown>[],
      strategy: (n: number) => GraphStage<UniformFanOutShape<T, U>>,
    ): Sink<T, NotUsed>;
  }
}
addSinkFactory('combine', combineSink);

import {
  type Graph,
  GraphDSL,
  type GraphStage,
  type NotUsed,
  requireFunction,
  Sink,
  SinkShape,
  type UniformFanOutShape,
} from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';

/**
 * One sink made of several, fed through the fan-out junction `strategy(n)` makes: `broadcast`,
 * `balance`, ... (`Sink.combine([a, b], (n) => broadcast(n))`).
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
  return Sink.fromGraph(
    GraphDSL.create((b) => {
      const junction = b.add(strategy(sinks.length));
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

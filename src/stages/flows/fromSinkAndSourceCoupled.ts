import {
  BidiShape,
  Flow,
  FlowShape,
  type Graph,
  GraphDSL,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  NotUsed,
  Outlet,
  type OutHandler,
  type SinkShape,
  type SourceShape,
} from '../../core/index.js';
import { addFlowFactory } from '../fluent.js';

/**
 * A flow whose input goes to `sink` and whose output comes from `source`, with their termination
 * coupled: when either side finishes, the other is finished too. Upstream completing completes
 * `sink` and cancels `source` (completing downstream); `source` completing cancels upstream and
 * completes `sink`; `sink` cancelling cancels `source`; downstream cancelling completes `sink`.
 * A failure on either side fails both.
 * - Emits when: `source` emits.
 * - Backpressures when: `sink` backpressures.
 * - Completes when: `source` completes, upstream completes, or `sink` cancels.
 * - Cancels when: `sink` cancels, `source` completes, or downstream cancels.
 * @see fromSinkAndSource
 */
export function fromSinkAndSourceCoupled<In, Out>(
  sink: Graph<SinkShape<In>, unknown>,
  source: Graph<SourceShape<Out>, unknown>,
): Flow<In, Out, NotUsed> {
  return fromSinkAndSourceCoupledMat(sink, source).mapMaterializedValue(() => NotUsed);
}

/** {@link fromSinkAndSourceCoupled} materializing to the pair of the sink's and source's values. */
export function fromSinkAndSourceCoupledMat<In, Out, M1, M2>(
  sink: Graph<SinkShape<In>, M1>,
  source: Graph<SourceShape<Out>, M2>,
): Flow<In, Out, [M1, M2]> {
  return Flow.fromGraph(
    GraphDSL.createWith([sink, source], (b, si, so) => {
      const coupling = b.add(new CoupledTermination<In, Out>());
      b.connect(coupling.out1, si.in);
      b.connect(so.out, coupling.in2);
      return new FlowShape(coupling.in1, coupling.out2);
    }),
  ).mapMaterializedValue(([m1, m2]): [M1, M2] => [m1, m2]);
}

// in1 -> out1 feeds the sink; in2 -> out2 carries the source's output. Any termination stops all.
class CoupledTermination<In, Out> extends GraphStage<BidiShape<In, In, Out, Out>> {
  readonly shape = new BidiShape(
    new Inlet<In>('coupled.in1'),
    new Outlet<In>('coupled.out1'),
    new Inlet<Out>('coupled.in2'),
    new Outlet<Out>('coupled.out2'),
  );
  constructor() {
    super('fromSinkAndSourceCoupled');
  }
  createLogic(): GraphStageLogic {
    return new CoupledTerminationLogic(this.shape);
  }
}

class CoupledTerminationLogic<In, Out> extends GraphStageLogic {
  constructor(shape: BidiShape<In, In, Out, Out>) {
    super(shape);
    this.setHandlers(shape.in1, shape.out1, new Direction(this, shape.in1, shape.out1));
    this.setHandlers(shape.in2, shape.out2, new Direction(this, shape.in2, shape.out2));
  }
}

// One direction's handler; created once per port pair, not per element.
class Direction<T> implements InHandler, OutHandler {
  constructor(
    private readonly logic: GraphStageLogic,
    private readonly inlet: Inlet<T>,
    private readonly out: Outlet<T>,
  ) {}
  onPush(): void {
    this.logic.push(this.out, this.logic.grab(this.inlet));
  }
  onUpstreamFinish(): void {
    this.logic.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.logic.failStage(error);
  }
  onPull(): void {
    this.logic.pull(this.inlet);
  }
  onDownstreamFinish(cause: unknown): void {
    this.logic.cancelStage(cause);
  }
}

declare module '../../core/Flow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Flow class
  namespace Flow {
    /** A flow from a sink and a source that terminate together; see {@link fromSinkAndSourceCoupled}. */
    function fromSinkAndSourceCoupled<In, Out>(
      sink: Graph<SinkShape<In>, unknown>,
      source: Graph<SourceShape<Out>, unknown>,
    ): Flow<In, Out, NotUsed>;
    /** The same, materializing both values; see {@link fromSinkAndSourceCoupledMat}. */
    function fromSinkAndSourceCoupledMat<In, Out, M1, M2>(
      sink: Graph<SinkShape<In>, M1>,
      source: Graph<SourceShape<Out>, M2>,
    ): Flow<In, Out, [M1, M2]>;
  }
}
addFlowFactory('fromSinkAndSourceCoupled', fromSinkAndSourceCoupled);
addFlowFactory('fromSinkAndSourceCoupledMat', fromSinkAndSourceCoupledMat);

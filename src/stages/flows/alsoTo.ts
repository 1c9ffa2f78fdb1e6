import {
  FanOutShape2,
  type Flow,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
  type SinkShape,
  type Repr,
  requireSink,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { TeeChain } from './TeeChain.js';
import { teeFlow } from './teeFlow.js';

/**
 * Passes every element downstream and also to `sink`; the slower of the two sets the pace.
 * - Emits when: an element is available and both downstream and the sink have demand.
 * - Backpressures when: downstream or the sink backpressures.
 * - Completes when: upstream completes (the sink completes too).
 * - Cancels when: downstream or the sink cancels.
 *
 * The flow materializes to the sink's value; the fluent `source.alsoTo(sink)` keeps the source's.
 * @see wireTap, divertTo
 */
export function alsoTo<T, M>(sink: Graph<SinkShape<T>, M>): Flow<T, T, M> {
  requireSink('alsoTo', 'sink', sink);
  return teeFlow(new AlsoTo<T>(), sink);
}

class AlsoTo<T> extends GraphStage<FanOutShape2<T, T, T>> {
  readonly shape = new FanOutShape2(
    new Inlet<T>('alsoTo.in'),
    new Outlet<T>('alsoTo.out'),
    new Outlet<T>('alsoTo.sink'),
  );
  constructor() {
    super('alsoTo');
  }
  createLogic(): GraphStageLogic {
    return new AlsoToLogic(this.shape);
  }
}

// Both outlets share one handler: a pull on either checks whether both have demand.
class AlsoToLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  constructor(private readonly ports: FanOutShape2<T, T, T>) {
    super(ports);
    this.setHandler(ports.in, this);
    this.setHandler(ports.out0, this);
    this.setHandler(ports.out1, this);
  }
  onPush(): void {
    const element = this.grab(this.ports.in);
    this.push(this.ports.out0, element);
    this.push(this.ports.out1, element);
  }
  onPull(): void {
    const { in: inlet, out0, out1 } = this.ports;
    if (this.isAvailable(out0) && this.isAvailable(out1) && !this.hasBeenPulled(inlet)) {
      this.pull(inlet);
    }
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Also sends every element to `sink`; see {@link alsoTo}. */
    alsoTo(sink: Graph<SinkShape<Out>, unknown>): Repr<Kind, In, Out, Mat>;
  }
}
// The fluent form drops the sink's value, so a single fusable sink runs inside the chain instead;
// anything else (a bad argument included) goes to the junction's function.
addFlowOperator('alsoTo', <T>(sink: Graph<SinkShape<T>, unknown>) => {
  return TeeChain.of(sink, false) ?? alsoTo(sink);
});

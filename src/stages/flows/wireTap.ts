import {
  FanOutShape2,
  type Flow,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  type NotUsed,
  Inlet,
  Outlet,
  type OutHandler,
  type SinkShape,
  type Repr,
  requireSink,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { map } from './map.js';
import { TeeChain } from './TeeChain.js';
import { teeFlow } from './teeFlow.js';

/**
 * Passes every element downstream and offers it to `sink` without backpressure: when the tap has
 * no demand, the element waits in a one-element slot that the next element overwrites, so a slow
 * tap misses elements. The tap cancelling or failing does not affect the main stream. With a
 * function `f` instead of a sink, `f` sees every element (and a throwing `f` fails the stream).
 * - Emits when: upstream pushes (and to the tap only if it has demand).
 * - Backpressures when: downstream backpressures (never because of the tap).
 * - Completes when: upstream completes (the tap completes too).
 * - Cancels when: downstream cancels.
 *
 * The flow materializes to the sink's value; the fluent `source.wireTap(sink)` keeps the source's.
 * @see alsoTo, log
 */
export function wireTap<T, M>(sink: Graph<SinkShape<T>, M>): Flow<T, T, M>;
export function wireTap<T>(f: (element: T) => void): Flow<T, T, NotUsed>;
export function wireTap<T>(
  sink: Graph<SinkShape<T>, unknown> | ((element: T) => void),
): Flow<T, T, unknown> {
  if (typeof sink !== 'function') {
    requireSink('wireTap', 'sink', sink);
    return teeFlow<T, unknown>(new WireTap<T>(), sink);
  }
  const f = sink;
  return map((element: T) => {
    f(element);
    return element;
  }).named('wireTap');
}

class WireTap<T> extends GraphStage<FanOutShape2<T, T, T>> {
  readonly shape = new FanOutShape2(
    new Inlet<T>('wireTap.in'),
    new Outlet<T>('wireTap.out'),
    new Outlet<T>('wireTap.tap'),
  );
  constructor() {
    super('wireTap');
  }
  createLogic(): GraphStageLogic {
    return new WireTapLogic(this.shape);
  }
}

class WireTapLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  // The newest element the tap had no demand for; a newer one replaces it.
  private pendingTap: T | undefined = undefined;
  constructor(private readonly ports: FanOutShape2<T, T, T>) {
    super(ports);
    this.setHandler(ports.in, this);
    this.setHandler(ports.out0, this);
    // The tap's end is ignored: the main stream goes on without it.
    const tapHandler: OutHandler = {
      onPull: () => {
        const element = this.pendingTap;
        if (element === undefined) return;
        this.pendingTap = undefined;
        this.push(ports.out1, element);
      },
      onDownstreamFinish: () => {
        this.pendingTap = undefined;
      },
    };
    this.setHandler(ports.out1, tapHandler);
  }
  onPush(): void {
    const element = this.grab(this.ports.in);
    this.push(this.ports.out0, element);
    if (this.isAvailable(this.ports.out1)) this.push(this.ports.out1, element);
    else if (!this.isClosed(this.ports.out1)) this.pendingTap = element;
  }
  onPull(): void {
    this.pull(this.ports.in);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Offers every element to a tap, never backpressuring; see {@link wireTap}. */
    wireTap(sink: Graph<SinkShape<Out>, unknown>): Repr<Kind, In, Out, Mat>;
    /** Calls `f` with every element as a side effect; see {@link wireTap}. */
    // eslint-disable-next-line @typescript-eslint/unified-signatures -- one union parameter makes TS measure Source as invariant in Out
    wireTap(f: (element: Out) => void): Repr<Kind, In, Out, Mat>;
  }
}
// The fluent form drops the sink's value, so a single fusable sink runs inside the chain instead;
// anything else (a bad argument included) goes to the junction's function.
addFlowOperator('wireTap', <T>(tap: Graph<SinkShape<T>, unknown> | ((element: T) => void)) => {
  if (typeof tap === 'function') return wireTap(tap);
  return TeeChain.of(tap, true) ?? wireTap(tap);
});

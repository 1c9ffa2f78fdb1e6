import {
  type Attributes,
  type Decider,
  FanOutShape2,
  type Flow,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
  requireFunction,
  requireSink,
  type SinkShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';
import { teeFlow } from './teeFlow.js';

/**
 * Sends the elements for which `p` holds to `sink`, and the others downstream.
 * - Emits when: an element is available and its target (downstream or the sink) has demand.
 * - Backpressures when: the target of the current element backpressures.
 * - Completes when: upstream completes and the last element went out (the sink completes too).
 * - Cancels when: downstream or the sink cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `p` throws is dropped. The flow
 * materializes to the sink's value; the fluent `source.divertTo(sink, p)` keeps the source's.
 * @throws TypeError if `p` is not a function.
 * @see alsoTo, filter
 */
export function divertTo<T, M>(
  sink: Graph<SinkShape<T>, M>,
  p: (element: T) => boolean,
): Flow<T, T, M> {
  requireSink('divertTo', 'sink', sink);
  requireFunction('divertTo', 'p', p);
  return teeFlow(new DivertTo<T>(p), sink);
}

class DivertTo<T> extends GraphStage<FanOutShape2<T, T, T>> {
  readonly shape = new FanOutShape2(
    new Inlet<T>('divertTo.in'),
    new Outlet<T>('divertTo.out'),
    new Outlet<T>('divertTo.sink'),
  );
  constructor(readonly p: (element: T) => boolean) {
    super('divertTo');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new DivertToLogic(this, deciderOf(attributes));
  }
}

class DivertToLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly ports: FanOutShape2<T, T, T>;
  // An element whose target had no demand yet, and that target.
  private pending: T | undefined = undefined;
  private pendingTarget: Outlet<T>;
  constructor(
    private readonly stage: DivertTo<T>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.ports = stage.shape;
    this.pendingTarget = this.ports.out0;
    this.setHandler(this.ports.in, this);
    this.setHandler(this.ports.out0, this);
    this.setHandler(this.ports.out1, this);
  }
  onPush(): void {
    const element = this.grab(this.ports.in);
    let diverted: boolean;
    try {
      diverted = this.stage.p(element);
    } catch (error) {
      if (this.decider === undefined || this.decider(error) === 'stop') throw error;
      this.pull(this.ports.in);
      return;
    }
    const target = diverted ? this.ports.out1 : this.ports.out0;
    if (this.isAvailable(target)) {
      this.push(target, element);
      this.pull(this.ports.in);
    } else {
      this.pending = element;
      this.pendingTarget = target;
    }
  }
  onPull(): void {
    if (this.pending !== undefined) {
      if (!this.isAvailable(this.pendingTarget)) return;
      const element = this.pending;
      this.pending = undefined;
      this.push(this.pendingTarget, element);
      if (this.isClosed(this.ports.in)) {
        this.completeStage();
        return;
      }
    }
    if (!this.hasBeenPulled(this.ports.in) && !this.isClosed(this.ports.in)) {
      this.pull(this.ports.in);
    }
  }
  onUpstreamFinish(): void {
    if (this.pending === undefined) this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Sends the elements matching `p` to `sink`; see {@link divertTo}. */
    divertTo(
      sink: Graph<SinkShape<Out>, unknown>,
      p: (element: Out) => boolean,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('divertTo', divertTo);

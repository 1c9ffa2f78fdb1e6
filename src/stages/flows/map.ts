import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

/**
 * Transforms each element with `f`.
 * - Emits when: upstream pushes and `f` returns.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: under `resume` or `restart` an element whose `f` throws is dropped.
 * @throws TypeError if `f` is not a function.
 * @see filter, mapConcat, mapAsync
 */
export function map<In, Out>(f: (element: In) => Out): Flow<In, Out, NotUsed> {
  requireFunction('map', 'f', f);
  return Flow.fromGraph(new MapStage(f));
}

class MapStage<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(new Inlet<In>('map.in'), new Outlet<Out>('map.out'));
  constructor(readonly f: (element: In) => Out) {
    super('map');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new MapLogic(this, deciderOf(attributes));
  }
}

// The logic is its own handler and copies `f` into a field, so a push allocates nothing.
class MapLogic<In, Out> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  private readonly f: (element: In) => Out;
  constructor(
    stage: MapStage<In, Out>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.f = stage.f;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    if (this.decider === undefined) {
      this.push(this.out, this.f(this.grab(this.in)));
      return;
    }
    let result: Out;
    try {
      result = this.f(this.grab(this.in));
    } catch (error) {
      if (this.decider(error) === 'stop') throw error;
      this.pull(this.in);
      return;
    }
    this.push(this.out, result);
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Transforms each element with `f`; see {@link map}. */
    map<T>(f: (element: Out) => T): Source<T, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Transforms each element with `f`; see {@link map}. */
    map<T>(f: (element: Out) => T): Flow<In, T, Mat>;
  }
}
addFlowOperator('map', map);

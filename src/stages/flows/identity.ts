import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  NotUsed,
  Outlet,
  type OutHandler,
} from '../../core/index.js';
import { addFlowFactory } from '../fluent.js';

/**
 * A flow that passes every element unchanged: the start of a `Flow` built by chaining operators.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 */
export function identity<T>(): Flow<T, T, NotUsed> {
  return Flow.fromGraph(new Identity<T>());
}

class Identity<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('identity.in'), new Outlet<T>('identity.out'));
  constructor() {
    super('identity');
  }
  createLogic(): GraphStageLogic {
    return new IdentityLogic(this.shape);
  }
}

class IdentityLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  constructor(private readonly ports: FlowShape<T, T>) {
    super(ports);
    this.setHandlers(ports.in, ports.out, this);
  }
  onPush(): void {
    this.push(this.ports.out, this.grab(this.ports.in));
  }
  onPull(): void {
    this.pull(this.ports.in);
  }
}

declare module '../../core/Flow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Flow class
  namespace Flow {
    /** An identity flow to chain operators on: `Flow.create<string>().map(parse)`. */
    function create<T>(): Flow<T, T, NotUsed>;
  }
}
addFlowFactory('create', identity);

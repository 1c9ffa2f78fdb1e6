import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * A one-element buffer: pulls upstream before downstream asks, so the two sides' demand is
 * decoupled by one element.
 * - Emits when: an element is buffered and downstream pulls.
 * - Backpressures when: an element is buffered and downstream backpressures.
 * - Completes when: upstream completes and the buffered element was emitted.
 * - Cancels when: downstream cancels.
 * @see buffer
 */
export function detach<T>(): Flow<T, T, NotUsed> {
  return Flow.fromGraph(new Detach<T>());
}

class Detach<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('detach.in'), new Outlet<T>('detach.out'));
  constructor() {
    super('detach');
  }
  createLogic(): GraphStageLogic {
    return new DetachLogic(this);
  }
}

class DetachLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private held: T | undefined = undefined;
  constructor(stage: Detach<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.isAvailable(this.out)) {
      this.push(this.out, element);
      this.pull(this.in);
    } else {
      this.held = element;
    }
  }
  onPull(): void {
    if (this.held === undefined) return;
    const element = this.held;
    this.held = undefined;
    this.push(this.out, element);
    if (this.isClosed(this.in)) this.completeStage();
    else this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.held === undefined) this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** A one-element buffer; see {@link detach}. */
    detach(): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('detach', detach);

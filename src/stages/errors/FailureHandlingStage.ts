import {
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
} from '../../core/index.js';

/**
 * @internal The stage behind the operators that pass elements through unchanged and only decide
 * what an upstream failure becomes (`mapError`, `onErrorComplete`, `recover`). Its ports are
 * `<name>.in` and `<name>.out`; the operator's logic extends {@link FailureHandlingLogic}.
 */
export abstract class FailureHandlingStage<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape: FlowShape<T, T>;
  constructor(name: string) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
  }
}

/**
 * @internal The logic of a {@link FailureHandlingStage}: it is its own handler, passes every
 * element and pull straight through, and leaves `onUpstreamFailure` to the operator.
 */
export abstract class FailureHandlingLogic<T, S extends FailureHandlingStage<T>>
  extends GraphStageLogic
  implements InHandler, OutHandler
{
  protected readonly in: Inlet<T>;
  protected readonly out: Outlet<T>;
  constructor(protected readonly stage: S) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
  }
  onPull(): void {
    this.pull(this.in);
  }
  abstract onUpstreamFailure(error: unknown): void;
}

import {
  FlowShape,
  GraphStage,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
  TimerGraphStageLogic,
} from '../../core/index.js';

/**
 * @internal The stage behind the operators that pass elements through unchanged and change course
 * once, on a timer set at start (`takeWithin`, `dropWithin`, `initialDelay`). Its ports are
 * `<name>.in` and `<name>.out`; the operator's logic extends {@link TimedPassThroughLogic}.
 */
export abstract class TimedPassThroughStage<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape: FlowShape<T, T>;
  constructor(
    name: string,
    readonly durationMs: number,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
  }
}

/**
 * @internal The logic of a {@link TimedPassThroughStage}: it is its own handler and passes every
 * element and pull straight through unless the operator overrides `onPush` / `onPull`; the
 * operator schedules its timer in `preStart` and acts on it in `onTimer`.
 */
export abstract class TimedPassThroughLogic<T>
  extends TimerGraphStageLogic
  implements InHandler, OutHandler
{
  protected readonly in: Inlet<T>;
  protected readonly out: Outlet<T>;
  constructor(protected readonly stage: TimedPassThroughStage<T>) {
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
}

import {
  FlowShape,
  FusableFlow,
  Inlet,
  Outlet,
  type StepContext,
  type StepSink,
} from '../../core/index.js';
import type { WindowSettings } from './WindowSettings.js';
import { type WindowOutput, WindowStep } from './WindowStep.js';

/** @internal The fusable stage of a window operator; its logic is a {@link WindowStep}. */
export class WindowStage<T, K, Acc, R> extends FusableFlow<T, WindowOutput<K, R, T>> {
  readonly shape: FlowShape<T, WindowOutput<K, R, T>>;
  constructor(
    name: string,
    private readonly settings: WindowSettings<T, K, Acc, R>,
  ) {
    super(name);
    this.shape = new FlowShape(
      new Inlet<T>(`${name}.in`),
      new Outlet<WindowOutput<K, R, T>>(`${name}.out`),
    );
  }
  createStep(downstream: StepSink<WindowOutput<K, R, T>>, context: StepContext): StepSink<T> {
    return new WindowStep(this.settings, downstream, context);
  }
}

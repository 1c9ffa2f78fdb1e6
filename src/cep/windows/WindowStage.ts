import {
  FlowShape,
  FusableFlow,
  Inlet,
  Outlet,
  type StepContext,
  type StepSink,
} from '../../core/index.js';
import type { Watermark } from '../watermark/Watermark.js';
import { TriggerWindowStep } from './trigger/TriggerWindowStep.js';
import type { WindowSettings } from './WindowSettings.js';
import { type WindowOutput, WindowStep } from './WindowStep.js';

/**
 * @internal The fusable stage of a window operator; its logic is a {@link WindowStep}. `In` is `T`,
 * or `T | Watermark` for an event-time stream.
 */
export class WindowStage<In extends T | Watermark, T, K, Acc, R> extends FusableFlow<
  In,
  WindowOutput<K, R, T>
> {
  readonly shape: FlowShape<In, WindowOutput<K, R, T>>;
  constructor(
    name: string,
    private readonly settings: WindowSettings<T, K, Acc, R>,
  ) {
    super(name);
    this.shape = new FlowShape(
      new Inlet<In>(`${name}.in`),
      new Outlet<WindowOutput<K, R, T>>(`${name}.out`),
    );
  }
  createStep(downstream: StepSink<WindowOutput<K, R, T>>, context: StepContext): StepSink<In> {
    // A trigger or an evictor takes the general path; the default fires by time alone.
    if (this.settings.trigger !== undefined) {
      return new TriggerWindowStep<T, K, Acc, R>(this.settings, downstream, context);
    }
    return new WindowStep<T, K, Acc, R>(this.settings, downstream, context);
  }
}

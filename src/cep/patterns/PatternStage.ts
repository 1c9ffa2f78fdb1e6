import {
  FlowShape,
  FusableFlow,
  Inlet,
  Outlet,
  type StepContext,
  type StepSink,
} from '../../core/index.js';
import type { Watermark } from '../watermark/Watermark.js';
import type { CompiledPattern } from './compilePattern.js';
import type { PatternControl } from './PatternControl.js';
import type { PatternSettings } from './PatternSettings.js';
import { PatternStep } from './PatternStep.js';

/**
 * @internal The fusable stage of `CEP.pattern`; its logic is a {@link PatternStep}. It emits
 * matches, timed-out partial matches and late events, which the flow then routes. `CEP.dynamic`
 * runs one per materialization, unfused, to hand the step its control.
 */
export class PatternStage<T> extends FusableFlow<T | Watermark, unknown> {
  readonly shape: FlowShape<T | Watermark, unknown>;
  constructor(
    private readonly settings: PatternSettings<T>,
    private readonly patterns: ReadonlyMap<string | undefined, CompiledPattern>,
    private readonly control?: PatternControl<T>,
    shape?: FlowShape<T | Watermark, unknown>,
  ) {
    super('CEP.pattern');
    this.shape =
      shape ??
      new FlowShape(
        new Inlet<T | Watermark>('CEP.pattern.in'),
        new Outlet<unknown>('CEP.pattern.out'),
      );
  }
  createStep(downstream: StepSink<unknown>, context: StepContext): StepSink<T | Watermark> {
    return new PatternStep<T>(this.settings, this.patterns, this.control, downstream, context);
  }
}

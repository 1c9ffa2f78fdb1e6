import {
  type Attributes,
  FlowShape,
  type GraphStageLogic,
  GraphStageWithMaterializedValue,
  Inlet,
  Outlet,
} from '../../core/index.js';
import type { Watermark } from '../watermark/Watermark.js';
import type { CompiledPattern } from './compilePattern.js';
import { PatternControl } from './PatternControl.js';
import type { PatternSettings } from './PatternSettings.js';
import { PatternStage } from './PatternStage.js';

/**
 * @internal The stage of `CEP.dynamic`: a pattern step over the initial rules, materializing to
 * the {@link PatternControl} bound to that step. A fused chain has no materialized value, so it
 * runs its step as a chain of one, through the public `FusableFlow.createLogic`.
 */
export class DynamicPatternStage<T> extends GraphStageWithMaterializedValue<
  FlowShape<T | Watermark, unknown>,
  PatternControl<T>
> {
  readonly shape = new FlowShape(
    new Inlet<T | Watermark>('CEP.dynamic.in'),
    new Outlet<unknown>('CEP.dynamic.out'),
  );
  constructor(
    private readonly settings: PatternSettings<T>,
    private readonly rules: ReadonlyMap<string, CompiledPattern>,
  ) {
    super('CEP.dynamic');
  }
  createLogicAndMaterializedValue(
    attributes: Attributes,
  ): readonly [GraphStageLogic, PatternControl<T>] {
    const control = new PatternControl<T>(this.settings.afterMatchSkip);
    const stage = new PatternStage<T>(this.settings, this.rules, control, this.shape);
    return [stage.createLogic(attributes), control]; // creating the logic binds the control
  }
}

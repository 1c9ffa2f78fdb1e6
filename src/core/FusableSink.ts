import type { Attributes } from './Attributes.js';
import { FusedLogic } from './FusedLogic.js';
import { GraphStageWithMaterializedValue } from './GraphStage.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { SinkShape } from './Shape.js';
import type { SinkStep, StepContext } from './StepSink.js';

/**
 * A sink written as a {@link SinkStep} that accepts every element it is sent (it demands
 * continuously, and stops early only through `context.cancelUpstream()`), so the materializer can
 * fuse it with the {@link FusableFlow}s before it. Built-in `Sink.fold`, `seq`, `foreach` and
 * `ignore` use exactly this public API.
 */
export abstract class FusableSink<In, Mat> extends GraphStageWithMaterializedValue<
  SinkShape<In>,
  Mat
> {
  /** Creates this sink's step and its materialized value for one materialization. */
  abstract createSinkStep(
    context: StepContext,
    attributes: Attributes,
  ): readonly [SinkStep<In>, Mat];

  /** Runs the sink unfused. */
  createLogicAndMaterializedValue(attributes: Attributes): readonly [GraphStageLogic, Mat] {
    // The chain erases element types: an input type is contravariant, so widen through unknown.
    const self = this as unknown as FusableSink<unknown, unknown>;
    const logic = new FusedLogic(this.shape, undefined, [], self, [attributes], undefined);
    return [logic, logic.sinkMat as Mat];
  }
}

import type { Attributes } from './Attributes.js';
import { FusedLogic } from './FusedLogic.js';
import { GraphStage } from './GraphStage.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { SourceShape } from './Shape.js';
import type { SourceDownstream, SourceStep, StepContext } from './StepSink.js';

/**
 * A source written as a {@link SourceStep} that emits one element per demand, so the
 * materializer can fuse it with the {@link FusableFlow}s after it (and a {@link FusableSink}: then
 * the whole stream runs as one loop). Built-in `Source.range` uses exactly this public API.
 */
export abstract class FusableSource<Out> extends GraphStage<SourceShape<Out>> {
  /**
   * Creates this source's step for one materialization; it sends its elements to `downstream` (or
   * straight to `downstream.next`) and its completion to `downstream`.
   */
  abstract createSourceStep(
    downstream: SourceDownstream<Out>,
    context: StepContext,
    attributes: Attributes,
  ): SourceStep;

  /** Runs the source unfused. */
  createLogic(attributes: Attributes): GraphStageLogic {
    return new FusedLogic(this.shape, this, [], undefined, [attributes], undefined);
  }
}

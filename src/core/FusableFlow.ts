import type { Attributes } from './Attributes.js';
import { FusedLogic } from './FusedLogic.js';
import { GraphStage } from './GraphStage.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { FlowShape } from './Shape.js';
import type { StepContext, StepSink } from './StepSink.js';

/**
 * A one-in, one-out stage that passes at most one element on per element it receives, written as
 * a {@link StepSink} instead of a logic with handlers. When such stages (and a
 * {@link FusableSource} before them, a {@link FusableSink} after them) sit next to each other in
 * one island, the materializer fuses them into a single logic that calls each step directly: no
 * port signal, queue or pull round-trip per stage. Alone, the stage runs as an ordinary logic.
 * Built-in `map`, `filter` and `take` use exactly this public API.
 *
 * @example
 * ```ts
 * class Double extends FusableFlow<number, number> {
 *   readonly shape = new FlowShape(new Inlet<number>('double.in'), new Outlet<number>('double.out'));
 *   constructor() { super('double'); }
 *   createStep(downstream: StepSink<number>): StepSink<number> {
 *     return new DoubleStep(downstream);
 *   }
 * }
 * class DoubleStep implements StepSink<number> {
 *   constructor(private readonly downstream: StepSink<number>) {}
 *   onElement(x: number): void { this.downstream.onElement(x * 2); }
 *   onComplete(): void { this.downstream.onComplete(); }
 * }
 * ```
 */
export abstract class FusableFlow<In, Out> extends GraphStage<FlowShape<In, Out>> {
  /** Creates this stage's step for one materialization; it sends its output to `downstream`. */
  abstract createStep(
    downstream: StepSink<Out>,
    context: StepContext,
    attributes: Attributes,
  ): StepSink<In>;

  /** Runs the stage unfused, as a chain of one step. */
  createLogic(attributes: Attributes): GraphStageLogic {
    // The chain erases element types: an input type is contravariant, so widen through unknown.
    const self = this as unknown as FusableFlow<unknown, unknown>;
    return new FusedLogic(this.shape, undefined, [self], undefined, [attributes], undefined);
  }
}

import type { Attributes } from './Attributes.js';
import { NestedContext } from './chainRuns.js';
import { FusableSink } from './FusableSink.js';
import type { Graph } from './Graph.js';
import type { SinkShape } from './Shape.js';
import type { SinkStep, StepContext, StepExpansion } from './StepSink.js';

/**
 * A Sink that is a single {@link FusableSink} in the graph's own island (`Sink.foreach(f)`,
 * `Sink.ignore()`, `Sink.fold(...)`), which a step can feed inside its own fused chain, as plain
 * calls, instead of materializing it as a stream of its own: the fluent `alsoTo` and `wireTap` do
 * this. Its materialized value is made and dropped, so only a form that drops the sink's value
 * anyway may use it.
 *
 * @example
 * ```ts
 * // In a FusableFlow's createStep: every element downstream, then to the sink.
 * const side = SinkChain.of(Sink.foreach((x: number) => console.log(x)));
 * if (side !== undefined) {
 *   const sinkStep = side.start(context, () => context.cancelUpstream());
 *   // onElement(x): downstream.onElement(x); sinkStep.onElement(x);
 * }
 * ```
 */
export class SinkChain<T> {
  private constructor(
    private readonly sink: FusableSink<T, unknown>,
    private readonly attributes: Attributes,
  ) {}

  /**
   * The sink `graph` is, or `undefined` when it is anything but one fusable sink stage (not a
   * graph at all included: the caller's fallback reports that with its own name).
   */
  static of<T>(graph: Graph<SinkShape<T>, unknown>): SinkChain<T> | undefined {
    const blueprint = (graph as Partial<Graph<SinkShape<T>, unknown>> | null | undefined)
      ?.blueprint;
    const entry = blueprint?.stages[0];
    if (blueprint?.stages.length !== 1 || entry?.island !== 0) return undefined;
    if (!(entry.stage instanceof FusableSink)) return undefined;
    return new SinkChain(entry.stage as FusableSink<T, unknown>, entry.attributes);
  }

  /**
   * Creates the sink's step inside the step that owns `outer`. The sink's `cancelUpstream()`
   * reaches `onCancel`; a sink step that tries to start an expansion fails.
   */
  start(outer: StepContext, onCancel: () => void): SinkStep<T> {
    const name = this.attributes.get('name', this.sink.shape.in.name);
    const [step] = this.sink.createSinkStep(
      new SinkContext(outer, name, onCancel),
      this.attributes,
    );
    return step;
  }
}

/** The context of a sink fed by another step: its own label and cancel, the rest the outer chain's. */
class SinkContext extends NestedContext {
  constructor(
    outer: StepContext,
    private readonly name: string,
    private readonly onCancel: () => void,
  ) {
    super(outer);
  }
  // Built when an error needs it.
  get label(): string {
    return `${this.outer.label}/${this.name}`;
  }
  cancelUpstream(): void {
    this.onCancel();
  }
  expand(_expansion: StepExpansion): void {
    throw new Error(`${this.label}: a sink step cannot start an expansion: it has nothing to emit`);
  }
  wake(): void {
    // A sink starts no expansion: nothing to wake.
  }
}

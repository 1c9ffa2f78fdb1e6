import {
  type Attributes,
  type Decider,
  FlowShape,
  FusableFlow,
  Inlet,
  Outlet,
  type StepContext,
  type StepSink,
} from '../../core/index.js';
import { deciderOf } from '../supervision.js';

/**
 * Makes the step of a {@link StepFlow} for one materialization, given the step it sends to, the
 * supervision decider (`undefined`: stop on every error) and the chain's context.
 */
export type StepFactory<In, Out> = (
  downstream: StepSink<Out>,
  decider: Decider | undefined,
  context: StepContext,
) => StepSink<In>;

/**
 * @internal The stage of a fusable one-in, at-most-one-out operator (`filter`, `drop`, `take`,
 * ...) whose behaviour is all in its step: ports `<name>.in` and `<name>.out`, and `makeStep`,
 * called once per materialization (never per element). Next to other fusable stages it runs as
 * a step of one fused logic; alone, as a chain of one step.
 */
export class StepFlow<In, Out> extends FusableFlow<In, Out> {
  readonly shape: FlowShape<In, Out>;
  constructor(
    name: string,
    private readonly makeStep: StepFactory<In, Out>,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<In>(`${name}.in`), new Outlet<Out>(`${name}.out`));
  }
  createStep(
    downstream: StepSink<Out>,
    context: StepContext,
    attributes: Attributes,
  ): StepSink<In> {
    return this.makeStep(downstream, deciderOf(attributes), context);
  }
}

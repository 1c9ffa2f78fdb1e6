import { FlowShape, FusableFlow, Inlet, Outlet, type SourceChain } from '../../core/index.js';

/**
 * @internal The fused form of a fluent fan-in (`concat`, `merge`, `interleave`, ...) whose other
 * sources are all plain chains of fusable stages: one flow step, this stream in, the joined stream
 * out, with the sources run inside it.
 */
export abstract class FanInChains<T> extends FusableFlow<T, T> {
  readonly shape: FlowShape<T, T>;
  protected constructor(
    readonly chains: readonly SourceChain<T>[],
    readonly name: string,
    inletName: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.${inletName}`), new Outlet<T>(`${name}.out`));
  }
}

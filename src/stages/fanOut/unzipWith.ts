import {
  FanOutShape2,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
  requireFunction,
} from '../../core/index.js';

/**
 * A junction that splits each element with `f` into a pair and emits its halves on `out0` and
 * `out1`.
 * - Emits when: both outputs have demand.
 * - Backpressures when: either output backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: either output cancels.
 * @throws TypeError if `f` is not a function.
 * @see unzip, partition
 */
export function unzipWith<In, A, B>(
  f: (element: In) => [A, B],
): GraphStage<FanOutShape2<In, A, B>> {
  requireFunction('unzipWith', 'f', f);
  return new UnzipWith(f, 'unzipWith');
}

/** @internal The stage of `unzipWith`, and of `unzip` under its own name. */
export class UnzipWith<In, A, B> extends GraphStage<FanOutShape2<In, A, B>> {
  readonly shape: FanOutShape2<In, A, B>;
  constructor(
    readonly f: (element: In) => [A, B],
    name: string,
  ) {
    super(name);
    this.shape = new FanOutShape2(
      new Inlet<In>(`${name}.in`),
      new Outlet<A>(`${name}.out0`),
      new Outlet<B>(`${name}.out1`),
    );
  }
  createLogic(): GraphStageLogic {
    return new UnzipWithLogic(this);
  }
}

class UnzipWithLogic<In, A, B> extends GraphStageLogic implements InHandler {
  private readonly in: Inlet<In>;
  private readonly out0: Outlet<A>;
  private readonly out1: Outlet<B>;
  constructor(private readonly stage: UnzipWith<In, A, B>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out0 = stage.shape.out0;
    this.out1 = stage.shape.out1;
    const onPull: OutHandler = {
      onPull: () => {
        if (this.isAvailable(this.out0) && this.isAvailable(this.out1)) this.pull(this.in);
      },
    };
    this.setHandler(this.in, this);
    this.setHandler(this.out0, onPull);
    this.setHandler(this.out1, onPull);
  }
  onPush(): void {
    const [a, b] = this.stage.f(this.grab(this.in));
    this.push(this.out0, a);
    this.push(this.out1, b);
  }
}

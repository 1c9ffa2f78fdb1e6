import {
  FanInShape2,
  GraphStage,
  GraphStageLogic,
  Inlet,
  Outlet,
  type OutHandler,
} from '../../core/index.js';
import { IndexedInput, type IndexedInputs } from '../IndexedHandlers.js';

/** The combining function of `zip` and `zipLatest`: one allocation per emitted pair. */
export function pair<A, B>(a: A, b: B): [A, B] {
  return [a, b];
}

/**
 * @internal The two-input junction behind `zipWith` and `zipLatestWith` (and `zip` and
 * `zipLatest` under their own names): ports `<name>.in0`, `<name>.in1`, `<name>.out`, the
 * combining function, and the logic class that decides when to combine.
 */
export class Zip2<A, B, Out> extends GraphStage<FanInShape2<A, B, Out>> {
  readonly shape: FanInShape2<A, B, Out>;
  constructor(
    readonly f: (a: A, b: B) => Out,
    name: string,
    private readonly Logic: new (stage: Zip2<A, B, Out>) => Zip2Logic<A, B, Out>,
  ) {
    super(name);
    this.shape = new FanInShape2(
      new Inlet<A>(`${name}.in0`),
      new Inlet<B>(`${name}.in1`),
      new Outlet<Out>(`${name}.out`),
    );
  }
  createLogic(): GraphStageLogic {
    return new this.Logic(this);
  }
}

/**
 * @internal What the logics of `Zip2` share: the ports and `f` in fields, and one handler per
 * input made when the logic is built (so no closure per element), dispatching on the input's
 * index (0 or 1) to `onInputPush` and `onInputFinish`.
 */
export abstract class Zip2Logic<A, B, Out>
  extends GraphStageLogic
  implements OutHandler, IndexedInputs
{
  protected readonly in0: Inlet<A>;
  protected readonly in1: Inlet<B>;
  protected readonly out: Outlet<Out>;
  protected readonly f: (a: A, b: B) => Out;
  constructor(stage: Zip2<A, B, Out>) {
    super(stage.shape);
    this.in0 = stage.shape.in0;
    this.in1 = stage.shape.in1;
    this.out = stage.shape.out;
    this.f = stage.f;
    this.setHandler(this.in0, new IndexedInput(this, 0));
    this.setHandler(this.in1, new IndexedInput(this, 1));
    this.setHandler(this.out, this);
  }
  abstract onPull(): void;
  abstract onInputPush(index: number): void;
  abstract onInputFinish(index: number): void;
}

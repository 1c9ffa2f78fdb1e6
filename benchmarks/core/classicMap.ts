import {
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
} from 'sluice';

/**
 * A user's map stage written the way `docs/custom-stages.md` teaches first (a `GraphStageLogic`
 * with `onPush`/`onPull`): the classic, unfused form the interpreter benchmarks measure.
 */
export class ClassicMap extends GraphStage<FlowShape<number, number>> {
  readonly shape = new FlowShape(
    new Inlet<number>('classicMap.in'),
    new Outlet<number>('classicMap.out'),
  );
  constructor(readonly f: (x: number) => number) {
    super('classicMap');
  }
  createLogic(): GraphStageLogic {
    return new ClassicMapLogic(this);
  }
}

class ClassicMapLogic extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<number>;
  private readonly out: Outlet<number>;
  private readonly f: (x: number) => number;
  constructor(stage: ClassicMap) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.f = stage.f;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    this.push(this.out, this.f(this.grab(this.in)));
  }
  onPull(): void {
    this.pull(this.in);
  }
}

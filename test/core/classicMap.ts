import {
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
} from 'sluice';

/** A map written the way docs/custom-stages.md teaches: never fused, every element is a signal. */
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
  constructor(private readonly stage: ClassicMap) {
    super(stage.shape);
    this.setHandlers(stage.shape.in, stage.shape.out, this);
  }
  onPush(): void {
    this.push(this.stage.shape.out, this.stage.f(this.grab(this.stage.shape.in)));
  }
  onPull(): void {
    this.pull(this.stage.shape.in);
  }
}

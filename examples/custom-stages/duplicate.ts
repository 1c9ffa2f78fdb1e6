// A 1-to-N stage: each element goes out `times` times, as demand allows (emitMultiple).
import { pathToFileURL } from 'node:url';
import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requirePositiveInt,
  Sink,
  Source,
} from 'sluice';

export function duplicate<T>(times: number): Flow<T, T, NotUsed> {
  requirePositiveInt('duplicate', 'times', times);
  return Flow.fromGraph(new Duplicate<T>(times));
}

class Duplicate<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('duplicate.in'), new Outlet<T>('duplicate.out'));
  constructor(readonly times: number) {
    super('duplicate');
  }
  createLogic(): GraphStageLogic {
    return new DuplicateLogic(this);
  }
}

class DuplicateLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  constructor(private readonly stage: Duplicate<T>) {
    super(stage.shape);
    this.setHandlers(stage.shape.in, stage.shape.out, this);
  }
  onPush(): void {
    const element = this.grab(this.stage.shape.in);
    // emitMultiple pushes as downstream pulls, then restores this handler; completion waits for it.
    this.emitMultiple(this.stage.shape.out, new Array<T>(this.stage.times).fill(element));
  }
  onPull(): void {
    this.pull(this.stage.shape.in);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await Source.from(['a', 'b']).via(duplicate(3)).runWith(Sink.seq()));
}

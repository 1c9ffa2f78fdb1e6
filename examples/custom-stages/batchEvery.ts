// A stage with a timer: collects elements and emits them as one array every `intervalMs`
// (never an empty one), and at completion.
import { pathToFileURL } from 'node:url';
import {
  Flow,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requirePositiveInt,
  Sink,
  Source,
  TimerGraphStageLogic,
} from 'sluice';

export function batchEvery<T>(intervalMs: number, maxBatch: number): Flow<T, T[], NotUsed> {
  requirePositiveInt('batchEvery', 'intervalMs', intervalMs);
  requirePositiveInt('batchEvery', 'maxBatch', maxBatch);
  return Flow.fromGraph(new BatchEvery<T>(intervalMs, maxBatch));
}

class BatchEvery<T> extends GraphStage<FlowShape<T, T[]>> {
  readonly shape = new FlowShape(new Inlet<T>('batchEvery.in'), new Outlet<T[]>('batchEvery.out'));
  constructor(
    readonly intervalMs: number,
    readonly maxBatch: number,
  ) {
    super('batchEvery');
  }
  createLogic(): GraphStageLogic {
    return new BatchEveryLogic(this);
  }
}

class BatchEveryLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private batch: T[] = [];
  // A full batch that could not be pushed yet: upstream is not pulled until it goes out.
  private ready: T[] | undefined = undefined;
  constructor(private readonly stage: BatchEvery<T>) {
    super(stage.shape);
    this.setHandlers(stage.shape.in, stage.shape.out, this);
  }
  override preStart(): void {
    this.scheduleWithFixedDelay('flush', this.stage.intervalMs, this.stage.intervalMs);
    this.pull(this.stage.shape.in);
  }
  onPush(): void {
    this.batch.push(this.grab(this.stage.shape.in));
    if (this.batch.length < this.stage.maxBatch) this.pull(this.stage.shape.in);
    else this.flush();
  }
  protected onTimer(): void {
    if (this.batch.length > 0) this.flush();
  }
  private flush(): void {
    const out = this.stage.shape.out;
    if (this.ready === undefined) {
      this.ready = this.batch;
      this.batch = [];
    }
    if (this.isAvailable(out)) {
      this.push(out, this.ready);
      this.ready = undefined;
      if (!this.hasBeenPulled(this.stage.shape.in) && !this.isClosed(this.stage.shape.in))
        this.pull(this.stage.shape.in);
    }
  }
  onPull(): void {
    if (this.ready !== undefined) this.flush();
  }
  onUpstreamFinish(): void {
    if (this.ready !== undefined) this.emit(this.stage.shape.out, this.ready);
    if (this.batch.length > 0) this.emit(this.stage.shape.out, this.batch);
    this.completeStage();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await Source.range(1, 10).via(batchEvery(1000, 4)).runWith(Sink.seq()));
}

// A classic stage (onPush/onPull) between fused stages: the materializer hosts it in their chain.
import { pathToFileURL } from 'node:url';
import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Materializer,
  type NotUsed,
  Outlet,
  type OutHandler,
  Sink,
  Source,
} from 'sluice';

/** Drops each element equal (`===`) to the one before it. */
export function distinctUntilChanged<T>(): Flow<T, T, NotUsed> {
  return Flow.fromGraph(new DistinctUntilChanged<T>());
}

class DistinctUntilChanged<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('distinct.in'), new Outlet<T>('distinct.out'));
  constructor() {
    super('distinctUntilChanged');
  }
  createLogic(): GraphStageLogic {
    return new DistinctLogic(this.shape);
  }
}

class DistinctLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private last: T | undefined = undefined;
  constructor(private readonly ports: FlowShape<T, T>) {
    super(ports);
    this.setHandlers(ports.in, ports.out, this);
  }
  onPush(): void {
    const element = this.grab(this.ports.in);
    if (element === this.last) {
      this.pull(this.ports.in);
      return;
    }
    this.last = element;
    this.push(this.ports.out, element);
  }
  onPull(): void {
    this.pull(this.ports.in);
  }
}

/**
 * The changes in `readings`, counted: the stage sits between a fused source and a fused sink, so
 * it runs hosted in their chain unless the materializer says `hostClassicStages: false`.
 */
export async function countChanges(
  readings: readonly number[],
  hostClassicStages: boolean,
): Promise<number> {
  const materializer = new Materializer({ hostClassicStages });
  return Source.from(readings)
    .map((x) => Math.round(x))
    .via(distinctUntilChanged<number>())
    .runWith(
      Sink.fold(0, (count: number) => count + 1),
      materializer,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const readings = Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i / 1000) * 10);
  for (const hosted of [true, false]) {
    const started = performance.now();
    const changes = await countChanges(readings, hosted);
    const ms = (performance.now() - started).toFixed(0);
    console.log(`${hosted ? 'hosted' : 'on its own'}: ${changes} changes in ${ms} ms`);
  }
}

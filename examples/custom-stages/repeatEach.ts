// A fused 1-to-N stage: each element goes out `times` times through an expansion of the chain,
// so it fuses with its neighbours and runs in bursts when a sink ends the chain.
import { pathToFileURL } from 'node:url';
import {
  type ExpansionState,
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  type NotUsed,
  Outlet,
  requirePositiveInt,
  Sink,
  Source,
  type StepContext,
  type StepExpansion,
  type StepSink,
} from 'sluice';

export function repeatEach<T>(times: number): Flow<T, T, NotUsed> {
  requirePositiveInt('repeatEach', 'times', times);
  return Flow.fromGraph(new RepeatEach<T>(times));
}

class RepeatEach<T> extends FusableFlow<T, T> {
  readonly shape = new FlowShape(new Inlet<T>('repeatEach.in'), new Outlet<T>('repeatEach.out'));
  constructor(readonly times: number) {
    super('repeatEach');
  }
  createStep(downstream: StepSink<T>, context: StepContext): StepSink<T> {
    return new RepeatEachStep(this.times, downstream, context);
  }
}

// The step is its own expansion: one object per materialization, nothing allocated per element.
class RepeatEachStep<T> implements StepSink<T>, StepExpansion {
  private element: T | undefined = undefined;
  private left = 0;
  private upstreamDone = false;
  constructor(
    private readonly times: number,
    private readonly downstream: StepSink<T>,
    private readonly context: StepContext,
  ) {}
  onElement(element: T): void {
    this.element = element;
    this.left = this.times;
    this.context.expand(this); // the chain now calls produce() on each demand
  }
  produce(max: number): ExpansionState {
    if (max === 0) return 'more'; // no demand: it still holds copies to emit
    const gate = this.context.gate;
    let n = 0;
    do {
      this.downstream.onElement(this.element as T); // set by onElement before expanding
      this.left--;
    } while (this.left > 0 && ++n < max && gate.open);
    if (this.left > 0) return 'more';
    this.element = undefined;
    if (this.upstreamDone) this.downstream.onComplete();
    return 'done';
  }
  onComplete(): void {
    // Completion waits for the copies still to go out.
    if (this.element === undefined) this.downstream.onComplete();
    else this.upstreamDone = true;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await Source.from(['a', 'b']).via(repeatEach(3)).runWith(Sink.seq()));
}

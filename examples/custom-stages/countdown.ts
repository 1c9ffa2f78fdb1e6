// A fused source: `n`, `n - 1`, ..., 1. Next to fusable stages it is the head of one fused loop,
// and into a sink it emits in bursts through `produceBurst`, as `Source.range` does.
import { pathToFileURL } from 'node:url';
import {
  FusableSource,
  type NotUsed,
  Outlet,
  requireNonNegativeInt,
  Sink,
  Source,
  type SourceDownstream,
  SourceShape,
  type SourceStep,
  type StepContext,
  type StepGate,
  type StepSink,
} from 'sluice';

export function countdown(n: number): Source<number, NotUsed> {
  requireNonNegativeInt('countdown', 'n', n);
  return Source.fromGraph(new Countdown(n));
}

class Countdown extends FusableSource<number> {
  readonly shape = new SourceShape(new Outlet<number>('countdown.out'));
  constructor(readonly n: number) {
    super('countdown');
  }
  createSourceStep(downstream: SourceDownstream<number>, context: StepContext): SourceStep {
    return new CountdownStep(this.n, downstream, context.gate);
  }
}

class CountdownStep implements SourceStep {
  // Elements go straight to the first step; the completion goes to `downstream`.
  private readonly next: StepSink<number>;
  constructor(
    private left: number,
    private readonly downstream: SourceDownstream<number>,
    private readonly gate: StepGate,
  ) {
    this.next = downstream.next;
  }
  onStart(): void {
    if (this.left === 0) this.downstream.onComplete();
  }
  produce(): void {
    this.next.onElement(this.left--);
    if (this.left === 0) this.downstream.onComplete();
  }
  // The count lives in a local that is only stored back, and the bound is worked out once.
  produceBurst(max: number): number {
    const next = this.next;
    const gate = this.gate;
    const start = this.left;
    const last = start > max ? start - max : 0;
    let left = start;
    do {
      this.left = left - 1;
      next.onElement(left--);
    } while (left > last && gate.open);
    if (left === 0) this.downstream.onComplete();
    return start - left;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(
    await countdown(5)
      .map((x) => x * 10)
      .runWith(Sink.seq()),
  );
}

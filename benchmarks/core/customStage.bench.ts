/**
 * A custom map written only with the public API, against the built-in `map`: range(1..1M), +1,
 * summed. Two custom forms: a `FusableFlow` (the public fusion API the built-ins use) and a
 * classic `GraphStage` whose logic implements `onPush`/`onPull`, alone and two in a row, which the
 * materializer hosts as steps of the fused chain (`hostClassicStages`, on by default). `customStageUnhosted.bench.ts` runs the classic
 * stages on their own, in a process of its own (in one process the two forms would share, and
 * slow, each other's call sites).
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import {
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  Keep,
  Materializer,
  Outlet,
  Sink,
  Source,
  type StepSink,
} from 'sluice';
import { ClassicMap } from './classicMap.js';
import { checkSame } from './peers.js';

const N = 1_000_000;
const inc = (x: number): number => x + 1;
const sum = (a: number, x: number): number => a + x;

class CustomMap extends FusableFlow<number, number> {
  readonly shape = new FlowShape(
    new Inlet<number>('customMap.in'),
    new Outlet<number>('customMap.out'),
  );
  constructor(readonly f: (x: number) => number) {
    super('customMap');
  }
  createStep(downstream: StepSink<number>): StepSink<number> {
    return new CustomMapStep(this.f, downstream);
  }
}

class CustomMapStep implements StepSink<number> {
  constructor(
    private readonly f: (x: number) => number,
    private readonly downstream: StepSink<number>,
  ) {}
  onElement(x: number): void {
    this.downstream.onElement(this.f(x));
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

const mat = new Materializer();
const run1 = (flow: Flow<number, number, unknown>) =>
  Source.range(1, N).via(flow).toMat(Sink.fold(0, sum), Keep.right);
const builtIn = Source.range(1, N).map(inc).toMat(Sink.fold(0, sum), Keep.right);
const fusable = run1(Flow.fromGraph(new CustomMap(inc)));
const classic = run1(Flow.fromGraph(new ClassicMap(inc)));
const classic2 = run1(Flow.fromGraph(new ClassicMap(inc)).via(Flow.fromGraph(new ClassicMap(inc))));

const contenders = {
  'built-in map': () => builtIn.run(mat),
  'custom FusableFlow map': () => fusable.run(mat),
  'custom GraphStage map (hosted)': () => classic.run(mat),
};
await checkSame('customStage', (N * (N + 1)) / 2 + N, contenders);
// Two classic stages add one more per element; checked apart, then timed with the others.
await checkSame('customStage', (N * (N + 1)) / 2 + 2 * N, {
  'two custom GraphStage maps (hosted)': () => classic2.run(mat),
});
Object.assign(contenders, { 'two custom GraphStage maps (hosted)': () => classic2.run(mat) });

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`customStage 1M: ${name}`, f);
    if (name === 'built-in map') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

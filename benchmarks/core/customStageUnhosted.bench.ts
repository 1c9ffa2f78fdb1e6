/**
 * The classic map of `customStage.bench.ts`, alone and two in a row, run on its own by the
 * interpreter (`hostClassicStages: false`) rather than hosted in the fused chain: what hosting
 * buys, against the same built-in `map`. A process of its own, so that neither form's call sites
 * see the other's classes.
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import { Flow, Keep, Materializer, Sink, Source } from 'sluice';
import { ClassicMap } from './classicMap.js';
import { checkSame } from './peers.js';

const N = 1_000_000;
const inc = (x: number): number => x + 1;
const sum = (a: number, x: number): number => a + x;

const mat = new Materializer({ hostClassicStages: false });
const run1 = (flow: Flow<number, number, unknown>) =>
  Source.range(1, N).via(flow).toMat(Sink.fold(0, sum), Keep.right);
const builtIn = Source.range(1, N).map(inc).toMat(Sink.fold(0, sum), Keep.right);
const classic = run1(Flow.fromGraph(new ClassicMap(inc)));
const classic2 = run1(Flow.fromGraph(new ClassicMap(inc)).via(Flow.fromGraph(new ClassicMap(inc))));

const contenders = {
  'built-in map': () => builtIn.run(mat),
  'custom GraphStage map (unhosted)': () => classic.run(mat),
};
await checkSame('customStageUnhosted', (N * (N + 1)) / 2 + N, contenders);
await checkSame('customStageUnhosted', (N * (N + 1)) / 2 + 2 * N, {
  'two custom GraphStage maps (unhosted)': () => classic2.run(mat),
});
Object.assign(contenders, { 'two custom GraphStage maps (unhosted)': () => classic2.run(mat) });

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`customStageUnhosted 1M: ${name}`, f);
    if (name === 'built-in map') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

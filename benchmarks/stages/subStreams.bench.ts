/**
 * The sub-stream operators against their fused case (the same work without real substreams), over
 * 100,000 ints, summed. What each pair isolates is the cost of the sub-stream machinery
 * (`SubSourceOutlet`, `SubSinkInlet`, an interpreter per substream):
 * - `groupBy(100)` + a classic `onPush`/`onPull` stage per substream (not fusable, so every key
 *   gets a real substream), against `groupBy(100)` + the built-in `map`, which runs fused;
 * - `flatMapMerge(4)` over 100 inner sources of 1,000, against `flatMapConcat` over the same
 *   inner sources, which runs them as fused steps;
 * - `splitWhen` every 1,000 elements + `map` + `concatSubstreams` (fused since the split's fused
 *   form), and + the classic stage (real substreams), against the same `map` unsplit.
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import { Flow, Keep, Materializer, Sink, Source } from 'sluice';
import { ClassicMap } from '../core/classicMap.js';
import { checkSame } from '../core/peers.js';

const N = 100_000;
const KEYS = 100;
const INNER = 1_000;
const items: readonly number[] = Array.from({ length: N }, (_, i) => i);
const inner: readonly number[] = Array.from({ length: INNER }, (_, i) => i);
const outer: readonly number[] = Array.from({ length: N / INNER }, (_, i) => i);
const key = (x: number): number => x % KEYS;
const double = (x: number): number => x * 2;
const sum = (a: number, x: number): number => a + x;

const mat = new Materializer();
const fold = Sink.fold(0, sum);
const classic = Flow.fromGraph(new ClassicMap(double));
const innerSource = Source.from(inner);

const workloads = {
  groupBy: {
    'fused map per substream': Source.from(items)
      .groupBy(KEYS, key)
      .map(double)
      .mergeSubstreams()
      .toMat(fold, Keep.right),
    'classic stage per substream': Source.from(items)
      .groupBy(KEYS, key)
      .via(classic)
      .mergeSubstreams()
      .toMat(fold, Keep.right),
  },
  flatMapMerge: {
    'flatMapConcat (fused inner)': Source.from(outer)
      .flatMapConcat(() => innerSource)
      .toMat(fold, Keep.right),
    'flatMapMerge(4)': Source.from(outer)
      .flatMapMerge(4, () => innerSource)
      .toMat(fold, Keep.right),
  },
  splitWhen: {
    'map, unsplit': Source.from(items).map(double).toMat(fold, Keep.right),
    'splitWhen + map + concatSubstreams': Source.from(items)
      .splitWhen((x) => x % INNER === 0)
      .map(double)
      .concatSubstreams()
      .toMat(fold, Keep.right),
    'splitWhen + classic stage + concatSubstreams': Source.from(items)
      .splitWhen((x) => x % INNER === 0)
      .via(classic)
      .concatSubstreams()
      .toMat(fold, Keep.right),
  },
};

const doubledSum = items.reduce((a, x) => a + double(x), 0);
const innerSum = (outer.length * (INNER * (INNER - 1))) / 2;
for (const [name, graphs] of Object.entries(workloads)) {
  const contenders = Object.fromEntries(
    Object.entries(graphs).map(([label, graph]) => [label, () => graph.run(mat)]),
  );
  await checkSame(name, name === 'flatMapMerge' ? innerSum : doubledSum, contenders);
  summary(() => {
    let first = true;
    for (const [label, f] of Object.entries(contenders)) {
      const b = bench(`${name} 100k: ${label}`, f);
      if (first) b.baseline(true);
      first = false;
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

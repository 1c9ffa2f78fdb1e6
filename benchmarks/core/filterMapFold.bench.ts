/**
 * filter -> map -> fold over 1,000,000 ints, after most's perf suite (`filter-map-reduce`): keep
 * the even ones, add 1, sum. sluice runs the issue's `Source.range(1, 1_000_000)`; the peers read
 * the same numbers from an array, built once here (sluice's `Source.from(array)` is shown too).
 */
import { fileURLToPath } from 'node:url';
import { filter as mostFilter, map as mostMap } from '@most/core';
import { newDefaultScheduler } from '@most/scheduler';
import { bench, run, summary } from 'mitata';
import { filter as rxFilter, from as rxFrom, map as rxMap, reduce as rxReduce } from 'rxjs';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { checkSame, mostFold, mostFromArray, nodeFold, transform } from './peers.js';

const N = 1_000_000;
const items: readonly number[] = Array.from({ length: N }, (_, i) => i + 1);
const even = (x: number): boolean => x % 2 === 0;
const inc = (x: number): number => x + 1;
const sum = (a: number, x: number): number => a + x;

const mat = new Materializer();
const scheduler = newDefaultScheduler();
// The blueprints are built once; each run materializes them afresh, as a user's `run()` would.
const sluiceRange = Source.range(1, N).filter(even).map(inc).toMat(Sink.fold(0, sum), Keep.right);
const sluiceFrom = Source.from(items).filter(even).map(inc).toMat(Sink.fold(0, sum), Keep.right);

function loop(): number {
  let acc = 0;
  for (const x of items) if (even(x)) acc = sum(acc, inc(x));
  return acc;
}
const contenders = {
  sluice: () => sluiceRange.run(mat),
  'sluice Source.from(array)': () => sluiceFrom.run(mat),
  'plain loop': loop,
  '@most/core': () =>
    mostFold(mostMap(inc, mostFilter(even, mostFromArray(items))), sum, 0, scheduler),
  'rxjs 7': () => {
    let result = 0;
    rxFrom(items)
      .pipe(rxFilter(even), rxMap(inc), rxReduce(sum, 0))
      .subscribe((x) => (result = x));
    return result;
  },
  'node:stream pipeline': () =>
    nodeFold(items, [transform((x: number) => (even(x) ? x : undefined)), transform(inc)], sum, 0),
};
await checkSame('filterMapFold', loop(), contenders);

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`filterMapFold 1M: ${name}`, f);
    if (name === 'sluice') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

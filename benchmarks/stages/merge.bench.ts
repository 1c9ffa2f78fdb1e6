/**
 * A merge of 100 sources of 10,000 ints each (1,000,000 elements), summing what comes out, as
 * `Source.combine(sources, (n) => merge(n))`. Every source is a plain fused `Source.from`, so
 * combine runs them as steps of one fused source that takes them in turn (as Pekko's combine
 * turns a Merge into mergeAll). The sum does not depend on the interleaving, which differs
 * between libraries (most and RxJS drain each synchronous source in turn).
 */
import { fileURLToPath } from 'node:url';
import { mergeArray as mostMergeArray } from '@most/core';
import { newDefaultScheduler } from '@most/scheduler';
import { bench, run, summary } from 'mitata';
import { from as rxFrom, merge as rxMerge } from 'rxjs';
import { Keep, Materializer, merge, Sink, Source } from 'sluice';
import { checkSame, mostFold, mostFromArray } from '../core/peers.js';

const SOURCES = 100;
const EACH = 10_000;
const items: readonly number[] = Array.from({ length: EACH }, (_, i) => i);
const sum = (a: number, x: number): number => a + x;

const mat = new Materializer();
const scheduler = newDefaultScheduler();
const sluice = Source.combine(
  Array.from({ length: SOURCES }, () => Source.from(items)),
  (n) => merge<number>(n),
).toMat(Sink.fold(0, sum), Keep.right);
const mostSources = Array.from({ length: SOURCES }, () => mostFromArray(items));
const rxSources = Array.from({ length: SOURCES }, () => rxFrom(items));

function loop(): number {
  let acc = 0;
  for (let s = 0; s < SOURCES; s++) for (const x of items) acc = sum(acc, x);
  return acc;
}

const contenders = {
  sluice: () => sluice.run(mat),
  'plain loop': loop,
  '@most/core mergeArray': () => mostFold(mostMergeArray(mostSources), sum, 0, scheduler),
  'rxjs 7 merge': () => {
    let acc = 0;
    rxMerge(...rxSources).subscribe((x) => (acc = sum(acc, x)));
    return acc; // synchronous: every source is a synchronous array
  },
};
await checkSame('merge', loop(), contenders);

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`merge 100x10k: ${name}`, f);
    if (name === 'sluice') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

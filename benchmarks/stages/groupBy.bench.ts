/**
 * groupBy over 1,000,000 ints into 100 keys (`x % 100`), each substream doubling its elements,
 * merged back; the result is the sum. sluice: `groupBy(100, key).map(double).mergeSubstreams()`;
 * RxJS: `groupBy(key)` + `mergeMap(g => g.pipe(map(double)))`. @most/core has no groupBy.
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import { from as rxFrom, groupBy as rxGroupBy, map as rxMap, mergeMap as rxMergeMap } from 'rxjs';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { checkSame } from '../core/peers.js';

const N = 1_000_000;
const KEYS = 100;
const items: readonly number[] = Array.from({ length: N }, (_, i) => i);
const key = (x: number): number => x % KEYS;
const double = (x: number): number => x * 2;
const sum = (a: number, x: number): number => a + x;

const mat = new Materializer();
const sluice = Source.from(items)
  .groupBy(KEYS, key)
  .map(double)
  .mergeSubstreams()
  .toMat(Sink.fold(0, sum), Keep.right);

/** The same work by hand: bucket by key (the substreams), double, sum. */
function loop(): number {
  const buckets = new Map<number, number[]>();
  for (const x of items) {
    const k = key(x);
    let bucket = buckets.get(k);
    if (bucket === undefined) buckets.set(k, (bucket = []));
    bucket.push(x);
  }
  let acc = 0;
  for (const bucket of buckets.values()) for (const x of bucket) acc = sum(acc, double(x));
  return acc;
}

const contenders = {
  sluice: () => sluice.run(mat),
  'plain loop': loop,
  'rxjs 7 groupBy+mergeMap': () => {
    let acc = 0;
    rxFrom(items)
      .pipe(
        rxGroupBy(key),
        rxMergeMap((group) => group.pipe(rxMap(double))),
      )
      .subscribe((x) => (acc = sum(acc, x)));
    return acc; // synchronous: the source is a synchronous array
  },
};
await checkSame('groupBy', loop(), contenders);

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`groupBy(100 keys) 1M: ${name}`, f);
    if (name === 'sluice') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

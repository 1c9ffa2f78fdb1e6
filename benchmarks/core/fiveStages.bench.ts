/**
 * The five-stage chain over 1,000,000 ints: map(+1), filter(not a multiple of 3),
 * map(*2), scan(running sum mod 1,000,003), take(n - 1). The issue runs it into `Sink.ignore`;
 * here every contender keeps the last element instead, so their results can be compared. Each
 * peer runs the five operators in its plain form: RxJS's `scan` does not emit the seed, and it
 * gets no `startWith` or `last` to make up for it (the filter leaves about 2n/3 elements, so
 * `take(n - 1)` never cuts and the last value is the same either way). The last element is kept
 * the way each library's users keep it: `Sink.last()` in sluice, an assignment in RxJS's
 * `subscribe`, a fold in @most/core (which has no `last`) and in the node:stream pipeline.
 */
import { fileURLToPath } from 'node:url';
import {
  filter as mostFilter,
  map as mostMap,
  scan as mostScan,
  take as mostTake,
} from '@most/core';
import { newDefaultScheduler } from '@most/scheduler';
import { bench, run, summary } from 'mitata';
import {
  filter as rxFilter,
  from as rxFrom,
  map as rxMap,
  scan as rxScan,
  take as rxTake,
} from 'rxjs';
import { Transform, type TransformCallback } from 'node:stream';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { checkSame, mostFold, mostFromArray, nodeFold, transform } from './peers.js';

const N = 1_000_000;
const items: readonly number[] = Array.from({ length: N }, (_, i) => i + 1);
const inc = (x: number): number => x + 1;
const notThird = (x: number): boolean => x % 3 !== 0;
const double = (x: number): number => x * 2;
const step = (a: number, x: number): number => (a + x) % 1_000_003;
const keepLast = (_: number, x: number): number => x;

const mat = new Materializer();
const scheduler = newDefaultScheduler();
const sluice = Source.range(1, N)
  .map(inc)
  .filter(notThird)
  .map(double)
  .scan(0, step)
  .take(N - 1)
  .toMat(Sink.last(), Keep.right);

function loop(): number {
  let acc = 0;
  let last = acc; // scan's seed is the first element take counts
  let taken = 1;
  for (const x of items) {
    const y = inc(x);
    if (!notThird(y)) continue;
    if (taken === N - 1) break;
    acc = step(acc, double(y));
    last = acc;
    taken++;
  }
  return last;
}

/** A Transform that emits the seed, then the running value. */
function nodeScan(): Transform {
  let acc = 0;
  let seeded = false;
  return new Transform({
    objectMode: true,
    transform(x: number, _encoding: BufferEncoding, callback: TransformCallback): void {
      if (!seeded) {
        seeded = true;
        this.push(acc);
      }
      acc = step(acc, x);
      callback(null, acc);
    },
  });
}

/** A Transform passing the first `n` chunks (the pipeline ends when its source does). */
function nodeTake(n: number): Transform {
  let left = n;
  return transform((x: number) => (left-- > 0 ? x : undefined));
}

const contenders = {
  sluice: () => sluice.run(mat),
  'plain loop': loop,
  '@most/core': () =>
    mostFold(
      mostTake(
        N - 1,
        mostScan(
          step,
          0,
          mostMap(double, mostFilter(notThird, mostMap(inc, mostFromArray(items)))),
        ),
      ),
      keepLast,
      -1,
      scheduler,
    ),
  'rxjs 7': () => {
    let result = -1;
    rxFrom(items)
      .pipe(rxMap(inc), rxFilter(notThird), rxMap(double), rxScan(step, 0), rxTake(N - 1))
      .subscribe((x) => (result = x));
    return result;
  },
  'node:stream pipeline': () =>
    nodeFold(
      items,
      [
        transform(inc),
        transform((x: number) => (notThird(x) ? x : undefined)),
        transform(double),
        nodeScan(),
        nodeTake(N - 1),
      ],
      keepLast,
      -1,
    ),
};
await checkSame('fiveStages', loop(), contenders);

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`fiveStages 1M: ${name}`, f);
    if (name === 'sluice') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

/**
 * scan over 1,000,000 ints, after most's perf suite (`scan`): the running sum, keeping the last
 * value. Each peer in its plain form: sluice's, most's and the Transform's scan emit the seed
 * first; RxJS's `scan` alone does not (no `startWith` or `last` added on its side), which only
 * changes what an empty stream would give, not the last value. The last value is kept the way each
 * library's users keep it: `Sink.last()` in sluice (Akka's `Sink.last`), an assignment in RxJS's
 * `subscribe`, a fold in @most/core (which has no `last`) and in the node:stream pipeline.
 */
import { fileURLToPath } from 'node:url';
import { scan as mostScan } from '@most/core';
import { newDefaultScheduler } from '@most/scheduler';
import { bench, run, summary } from 'mitata';
import { from as rxFrom, scan as rxScan } from 'rxjs';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { checkSame, mostFold, mostFromArray, nodeFold } from './peers.js';
import { Transform, type TransformCallback } from 'node:stream';

const N = 1_000_000;
const items: readonly number[] = Array.from({ length: N }, (_, i) => i);
const sum = (a: number, x: number): number => a + x;
const keepLast = (_: number, x: number): number => x;

const mat = new Materializer();
const scheduler = newDefaultScheduler();
const sluice = Source.range(0, N - 1)
  .scan(0, sum)
  .toMat(Sink.last(), Keep.right);

function loop(): number {
  let acc = 0;
  let last = acc; // the seed
  for (const x of items) last = acc = sum(acc, x);
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
      acc = sum(acc, x);
      callback(null, acc);
    },
  });
}

const contenders = {
  sluice: () => sluice.run(mat),
  'plain loop': loop,
  '@most/core': () => mostFold(mostScan(sum, 0, mostFromArray(items)), keepLast, -1, scheduler),
  'rxjs 7': () => {
    let result = -1;
    rxFrom(items)
      .pipe(rxScan(sum, 0))
      .subscribe((x) => (result = x));
    return result;
  },
  'node:stream pipeline': () => nodeFold(items, [nodeScan()], keepLast, -1),
};
await checkSame('scan', loop(), contenders);

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`scan 1M: ${name}`, f);
    if (name === 'sluice') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

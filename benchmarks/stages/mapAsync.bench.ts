/**
 * mapAsync(4) over 100,000 ints whose async step returns an already-resolved promise, summing the
 * results. This measures the operator's own per-element cost (holders, the in-order queue, the
 * promise hop), not waiting. Every contender keeps upstream order with 4 calls in flight:
 * - RxJS has no ordered bounded-concurrency operator, so it gets `mergeMap(f, 4)` tagging each
 *   result with its index plus a reorder buffer (`concatMap` keeps order but runs one at a time,
 *   so it would not be the same workload).
 * - The plain baseline is a `Promise.all` loop over batches of 4.
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import {
  from as rxFrom,
  map as rxMap,
  mergeMap as rxMergeMap,
  Observable,
  type OperatorFunction,
} from 'rxjs';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { checkSame } from '../core/peers.js';

const N = 100_000;
const PARALLELISM = 4;
const items: readonly number[] = Array.from({ length: N }, (_, i) => i);
const f = (x: number): Promise<number> => Promise.resolve(x * 2);
const sum = (a: number, x: number): number => a + x;

const mat = new Materializer();
const sluice = Source.from(items).mapAsync(PARALLELISM, f).toMat(Sink.fold(0, sum), Keep.right);

async function promiseAllBatches(): Promise<number> {
  let acc = 0;
  for (let i = 0; i < N; i += PARALLELISM) {
    const batch: Promise<number>[] = [];
    for (let j = i; j < i + PARALLELISM && j < N; j++) batch.push(f(items[j] ?? 0));
    for (const y of await Promise.all(batch)) acc = sum(acc, y);
  }
  return acc;
}

/** Emits `[index, value]` pairs in index order, holding early arrivals until the gap fills. */
function reorder<T>(): OperatorFunction<readonly [number, T], T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const early = new Map<number, T>();
      let next = 0;
      return source.subscribe({
        next: ([index, value]) => {
          if (index !== next) {
            early.set(index, value);
            return;
          }
          subscriber.next(value);
          next++;
          for (let held = early.get(next); early.delete(next); held = early.get(next)) {
            subscriber.next(held as T); // delete returned true, so the key was present
            next++;
          }
        },
        error: (error: unknown) => {
          subscriber.error(error);
        },
        complete: () => {
          subscriber.complete();
        },
      });
    });
}

function rxjs(): Promise<number> {
  return new Promise((resolve, reject) => {
    let acc = 0;
    rxFrom(items)
      .pipe(
        rxMergeMap((x, index) => rxFrom(f(x)).pipe(rxMap((y) => [index, y] as const)), PARALLELISM),
        reorder(),
      )
      .subscribe({
        next: (y) => (acc = sum(acc, y)),
        error: reject,
        complete: () => {
          resolve(acc);
        },
      });
  });
}

const contenders = {
  sluice: () => sluice.run(mat),
  'Promise.all batches of 4': promiseAllBatches,
  'rxjs 7 mergeMap(4)+reorder': rxjs,
};
await checkSame('mapAsync', N * (N - 1), contenders);

summary(() => {
  for (const [name, run] of Object.entries(contenders)) {
    const b = bench(`mapAsync(4) 100k: ${name}`, run);
    if (name === 'sluice') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

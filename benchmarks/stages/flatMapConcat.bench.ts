/**
 * flatMapConcat over 1,000 inner streams of 1,000 ints each, summing what comes out. Each inner
 * stream is one blueprint built once and materialized per outer element, which is the operator's
 * real cost: starting an inner stream 1,000 times and moving 1,000,000 elements through them.
 */
import { fileURLToPath } from 'node:url';
import { concatMap as mostConcatMap } from '@most/core';
import { newDefaultScheduler } from '@most/scheduler';
import { bench, run, summary } from 'mitata';
import { concatMap as rxConcatMap, from as rxFrom } from 'rxjs';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { checkSame, mostFold, mostFromArray } from '../core/peers.js';

const OUTER = 1_000;
const INNER = 1_000;
const outer: readonly number[] = Array.from({ length: OUTER }, (_, i) => i);
const inner: readonly number[] = Array.from({ length: INNER }, (_, i) => i);
const sum = (a: number, x: number): number => a + x;

const mat = new Materializer();
const scheduler = newDefaultScheduler();
const sluiceInner = Source.from(inner);
const sluice = Source.from(outer)
  .flatMapConcat(() => sluiceInner)
  .toMat(Sink.fold(0, sum), Keep.right);
const mostInner = mostFromArray(inner);
const mostOuter = mostFromArray(outer);

function loop(): number {
  let acc = 0;
  for (const _ of outer) for (const x of inner) acc = sum(acc, x);
  return acc;
}

const contenders = {
  sluice: () => sluice.run(mat),
  'plain loop': loop,
  '@most/core concatMap': () =>
    mostFold(
      mostConcatMap(() => mostInner, mostOuter),
      sum,
      0,
      scheduler,
    ),
  'rxjs 7 concatMap': () => {
    let acc = 0;
    rxFrom(outer)
      .pipe(rxConcatMap(() => rxFrom(inner)))
      .subscribe((x) => (acc = sum(acc, x)));
    return acc; // synchronous: every inner observable is a synchronous array
  },
};
await checkSame('flatMapConcat', loop(), contenders);

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`flatMapConcat 1000x1000: ${name}`, f);
    if (name === 'sluice') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

/**
 * grouped(100) over 1,000,000 ints: 10,000 arrays of 100. The result folds a checksum over the
 * groups (their sizes and last elements), so a contender that splits differently fails the check.
 * @most/core has no count-based buffer, so it is not in this race.
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import { bufferCount as rxBufferCount, from as rxFrom } from 'rxjs';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { checkSame } from '../core/peers.js';

const N = 1_000_000;
const SIZE = 100;
const items: readonly number[] = Array.from({ length: N }, (_, i) => i);
const checksum = (a: number, group: number[]): number =>
  (a * 31 + group.length + (group[group.length - 1] ?? 0)) % 1_000_003;

const mat = new Materializer();
const sluice = Source.from(items).grouped(SIZE).toMat(Sink.fold(0, checksum), Keep.right);

function loop(): number {
  let acc = 0;
  let group: number[] = [];
  for (const x of items) {
    group.push(x);
    if (group.length === SIZE) {
      acc = checksum(acc, group);
      group = [];
    }
  }
  return group.length > 0 ? checksum(acc, group) : acc;
}

const contenders = {
  sluice: () => sluice.run(mat),
  'plain loop': loop,
  'rxjs 7 bufferCount': () => {
    let acc = 0;
    rxFrom(items)
      .pipe(rxBufferCount(SIZE))
      .subscribe((group) => (acc = checksum(acc, group)));
    return acc; // synchronous: the source is a synchronous array
  },
};
await checkSame('grouped', loop(), contenders);

summary(() => {
  for (const [name, f] of Object.entries(contenders)) {
    const b = bench(`grouped(100) 1M: ${name}`, f);
    if (name === 'sluice') b.baseline(true);
  }
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

/**
 * What a trigger costs: the tumbling one-minute count per key of `windows.bench.ts` (1,000,000
 * events, 1,000 keys, watermark after every element) on the default path, which fires by time
 * without a call per element, against the same windows with `trigger: EventTimeTrigger.create()`
 * (the general path: the trigger is called for every element and timer, same results), and a
 * count window per key (`CountWindows.of(60)`, a `PurgingTrigger` over a `CountTrigger`).
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import { Keep, Materializer, Sink, Source } from 'sluice';
import {
  CountWindows,
  EventTimeTrigger,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';
import { checkSame } from '../core/peers.js';

interface Ev {
  readonly key: number;
  readonly ts: number;
}

const N = 1_000_000;
const KEYS = 1_000;
const events: readonly Ev[] = Array.from({ length: N }, (_, i) => ({ key: i % KEYS, ts: i }));

const mat = new Materializer();
const options = {
  timestamp: (e: Ev): number => e.ts,
  keyBy: (e: Ev): number => e.key,
  watermark: WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(0),
};
const count = {
  createAccumulator: (): number => 0,
  add: (_: Ev, n: number): number => n + 1,
  getResult: (n: number): number => n,
};
const checksum = (acc: number, r: WindowResult<number, number>): number => acc + 1e9 + r.value;
const minute = TumblingEventTimeWindows.of<Ev>(60_000);

const byDefault = Source.from(events)
  .via(Window.aggregate(minute, count, options))
  .toMat(Sink.fold(0, checksum), Keep.right);
const withTrigger = Source.from(events)
  .via(Window.aggregate(minute, count, { ...options, trigger: EventTimeTrigger.create() }))
  .toMat(Sink.fold(0, checksum), Keep.right);
const countWindows = Source.from(events)
  .via(Window.aggregate(CountWindows.of<Ev>(60), count, options))
  .toMat(Sink.fold(0, checksum), Keep.right);

// Every key sees one event per second: windows of a minute and of 60 events are the same windows.
await checkSame('tumbling count, default or trigger', await byDefault.run(mat), {
  'default path': () => byDefault.run(mat),
  EventTimeTrigger: () => withTrigger.run(mat),
  'CountWindows.of(60)': () => countWindows.run(mat),
});
summary(() => {
  bench('tumbling count 1M/1000 keys: default path', () => byDefault.run(mat)).baseline(true);
  bench('tumbling count 1M/1000 keys: trigger EventTimeTrigger', () => withTrigger.run(mat));
  bench('count windows of 60, 1M/1000 keys: CountWindows.of(60)', () => countWindows.run(mat));
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

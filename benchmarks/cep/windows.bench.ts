/**
 * Event-time windows over 1,000,000 events and 1,000 keys (key = i % 1000, one event per ms, a
 * 10 s pause every 100,000 events): a tumbling one-minute count per key, one-minute windows
 * hopping by 10 s summing a field, and session windows with a 5 s gap. sluice's
 * `Window.aggregate` (watermark after every element) against a hand-written `Map`-of-accumulators
 * loop doing the same work on in-order input (lateness against a watermark included), and RxJS
 * `groupBy` + `reduce` for the tumbling count.
 * Each contender returns a checksum of its windows: the number of windows, and the sum of values.
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import { from as rxFrom, groupBy as rxGroupBy, mergeMap, reduce as rxReduce } from 'rxjs';
import { Keep, Materializer, Sink, Source } from 'sluice';
import {
  EventTimeSessionWindows,
  SlidingEventTimeWindows,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';
import { checkSame } from '../core/peers.js';

interface Ev {
  readonly key: number;
  readonly ts: number;
  readonly v: number;
}

const N = 1_000_000;
const KEYS = 1_000;
const MINUTE = 60_000;
const SLIDE = 10_000;
const GAP = 5_000;
const events: readonly Ev[] = Array.from({ length: N }, (_, i) => ({
  key: i % KEYS,
  ts: i + Math.floor(i / 100_000) * 10_000,
  v: i % 100,
}));

const mat = new Materializer();
const timestamp = (e: Ev): number => e.ts;
const keyBy = (e: Ev): number => e.key;
const watermark = WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(0);
const count = {
  createAccumulator: (): number => 0,
  add: (_: Ev, n: number): number => n + 1,
  getResult: (n: number): number => n,
  merge: (a: number, b: number): number => a + b,
};
const sum = {
  createAccumulator: (): number => 0,
  add: (e: Ev, acc: number): number => acc + e.v,
  getResult: (acc: number): number => acc,
  merge: (a: number, b: number): number => a + b,
};
/** Windows count in the millions place, values below it: both must agree. */
const checksum = (acc: number, r: WindowResult<number, number>): number => acc + 1e9 + r.value;

const options = { timestamp, keyBy, watermark };
const tumbling = Source.from(events)
  .via(Window.aggregate(TumblingEventTimeWindows.of<Ev>(MINUTE), count, options))
  .toMat(Sink.fold(0, checksum), Keep.right);
const hopping = Source.from(events)
  .via(Window.aggregate(SlidingEventTimeWindows.of<Ev>(MINUTE, SLIDE), sum, options))
  .toMat(Sink.fold(0, checksum), Keep.right);
const sessions = Source.from(events)
  .via(Window.aggregate(EventTimeSessionWindows.withGap<Ev>(GAP), sum, options))
  .toMat(Sink.fold(0, checksum), Keep.right);

class Open {
  constructor(
    public start: number,
    public acc: number,
  ) {}
}

/*
 * The loops do the window operator's work in its plain form: the key, the timestamp, a lateness
 * check against a watermark that follows the newest timestamp (as `forMonotonousTimestamps`),
 * the accumulation, and each window's result once the window is done. On in-order input a key's
 * window is done when the key moves on, so the loops need no timers.
 */

/** Tumbling count by hand: one accumulator per key, emitted when the key's window changes. */
function loopTumbling(): number {
  const open = new Map<number, Open>();
  let out = 0;
  let watermark = Number.MIN_SAFE_INTEGER;
  for (const e of events) {
    const start = e.ts - (e.ts % MINUTE);
    if (start + MINUTE - 1 <= watermark) continue; // late
    if (e.ts - 1 > watermark) watermark = e.ts - 1;
    const w = open.get(e.key);
    if (w === undefined) open.set(e.key, new Open(start, 1));
    else if (w.start === start) w.acc++;
    else {
      out += 1e9 + w.acc;
      w.start = start;
      w.acc = 1;
    }
  }
  for (const w of open.values()) out += 1e9 + w.acc;
  return out;
}

/** Hopping sums by hand: per key the open windows in a small array, oldest emitted first. */
function loopHopping(): number {
  const open = new Map<number, Open[]>();
  let out = 0;
  let watermark = Number.MIN_SAFE_INTEGER;
  for (const e of events) {
    if (e.ts - (e.ts % SLIDE) + MINUTE - 1 <= watermark) continue; // late for its last window
    if (e.ts - 1 > watermark) watermark = e.ts - 1;
    let ws = open.get(e.key);
    if (ws === undefined) open.set(e.key, (ws = []));
    while (ws.length > 0 && (ws[0] as Open).start + MINUTE <= e.ts) {
      out += 1e9 + (ws.shift() as Open).acc;
    }
    const last = e.ts - (e.ts % SLIDE);
    for (let start = last - MINUTE + SLIDE; start <= last; start += SLIDE) {
      let w: Open | undefined;
      for (const x of ws) if (x.start === start) w = x;
      if (w === undefined) ws.push((w = new Open(start, 0)));
      w.acc += e.v;
    }
  }
  for (const ws of open.values()) for (const w of ws) out += 1e9 + w.acc;
  return out;
}

/** Sessions by hand: per key the last timestamp and the sum, emitted after a gap. */
function loopSessions(): number {
  const open = new Map<number, Open>(); // start holds the last timestamp here
  let out = 0;
  let watermark = Number.MIN_SAFE_INTEGER;
  for (const e of events) {
    if (e.ts + GAP - 1 <= watermark) continue; // late
    if (e.ts - 1 > watermark) watermark = e.ts - 1;
    const w = open.get(e.key);
    if (w === undefined) open.set(e.key, new Open(e.ts, e.v));
    else if (e.ts <= w.start + GAP) {
      w.start = e.ts;
      w.acc += e.v;
    } else {
      out += 1e9 + w.acc;
      w.start = e.ts;
      w.acc = e.v;
    }
  }
  for (const w of open.values()) out += 1e9 + w.acc;
  return out;
}

function rxTumbling(): number {
  let out = 0;
  rxFrom(events)
    .pipe(
      rxGroupBy((e) => e.key * 1e7 + (e.ts - (e.ts % MINUTE))),
      mergeMap((g) => g.pipe(rxReduce((n: number) => n + 1, 0))),
    )
    .subscribe((n) => (out += 1e9 + n));
  return out; // synchronous: the source is an array
}

const workloads = {
  'tumbling count': {
    loop: loopTumbling,
    contenders: {
      sluice: () => tumbling.run(mat),
      'hand-written Map loop': loopTumbling,
      'rxjs 7 groupBy+reduce': rxTumbling,
    },
  },
  'hopping 60s/10s sum': {
    loop: loopHopping,
    contenders: { sluice: () => hopping.run(mat), 'hand-written Map loop': loopHopping },
  },
  'session gap 5s sum': {
    loop: loopSessions,
    contenders: { sluice: () => sessions.run(mat), 'hand-written Map loop': loopSessions },
  },
};

for (const [workload, { loop, contenders }] of Object.entries(workloads)) {
  await checkSame(workload, loop(), contenders);
  summary(() => {
    for (const [name, f] of Object.entries(contenders)) {
      const b = bench(`${workload} 1M/1000 keys: ${name}`, f);
      if (name === 'sluice') b.baseline(true);
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

/**
 * CEP patterns over 1,000,000 events and 10,000 keys (key = i % 10,000, kinds a/b/c/d from a
 * fixed pseudo-random sequence, event time = i): a 3-step strict pattern `a next b next c`, a
 * 3-step relaxed one `a followedBy b followedBy c` within 50,000 ms of event time, and
 * `a followedBy b+ followedBy c` within the same. sluice's `CEP.pattern` against hand-written
 * per-key state machines doing the same matching on in-order input. Each contender returns the
 * number of matches.
 */
import { fileURLToPath } from 'node:url';
import { bench, run, summary } from 'mitata';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { CEP, Pattern, WatermarkStrategy } from 'sluice/cep';
import { checkSame } from '../core/peers.js';

interface Ev {
  readonly key: number;
  readonly kind: number; // 0 a, 1 b, 2 c, 3 d
  readonly ts: number;
}

const N = 1_000_000;
const KEYS = 10_000;
const WITHIN = 50_000;
let seed = 42;
const events: readonly Ev[] = Array.from({ length: N }, (_, i) => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return { key: i % KEYS, kind: (seed >>> 16) & 3, ts: i };
});

const mat = new Materializer();
const isA = (e: Ev): boolean => e.kind === 0;
const isB = (e: Ev): boolean => e.kind === 1;
const isC = (e: Ev): boolean => e.kind === 2;
const count = (n: number): number => n + 1;
const keyBy = (e: Ev): number => e.key;
const eventTime = {
  keyBy,
  timestamp: (e: Ev): number => e.ts,
  watermark: WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(0),
};

const strict = Pattern.of<Ev>().begin('a').where(isA).next('b').where(isB).next('c').where(isC);
const relaxed = Pattern.of<Ev>()
  .begin('a')
  .where(isA)
  .followedBy('b')
  .where(isB)
  .followedBy('c')
  .where(isC)
  .within(WITHIN);
const loop = Pattern.of<Ev>()
  .begin('a')
  .where(isA)
  .followedBy('b')
  .where(isB)
  .oneOrMore()
  .followedBy('c')
  .where(isC)
  .within(WITHIN);

const strictGraph = Source.from(events)
  .via(CEP.pattern(strict, { keyBy }))
  .toMat(Sink.fold(0, count), Keep.right);
const relaxedGraph = Source.from(events)
  .via(CEP.pattern(relaxed, eventTime))
  .toMat(Sink.fold(0, count), Keep.right);
const loopGraph = Source.from(events)
  .via(CEP.pattern(loop, eventTime))
  .toMat(Sink.fold(0, count), Keep.right);

/** `a next b next c` by hand: per key, how far the current run got (the kinds are disjoint). */
function loopStrict(): number {
  const state = new Map<number, number>();
  let matches = 0;
  for (const e of events) {
    const s = state.get(e.key) ?? 0;
    let next = 0;
    if (e.kind === 0) next = 1;
    else if (e.kind === 1 && s === 1) next = 2;
    else if (e.kind === 2 && s === 2) matches++;
    if (next === 0) state.delete(e.key);
    else state.set(e.key, next);
  }
  return matches;
}

/** `a b c` relaxed by hand: per key, the start times waiting for b and for c. */
function loopRelaxed(): number {
  const waiting = new Map<number, { forB: number[]; forC: number[] }>();
  let matches = 0;
  for (const e of events) {
    let w = waiting.get(e.key);
    if (w === undefined) {
      if (e.kind !== 0) continue;
      waiting.set(e.key, (w = { forB: [], forC: [] }));
    }
    const alive = (start: number): boolean => e.ts - start < WITHIN;
    w.forB = w.forB.filter(alive);
    w.forC = w.forC.filter(alive);
    if (e.kind === 1) {
      w.forC.push(...w.forB);
      w.forB = [];
    } else if (e.kind === 2) {
      matches += w.forC.length;
      w.forC = [];
    }
    if (e.kind === 0) w.forB.push(e.ts);
    if (w.forB.length === 0 && w.forC.length === 0) waiting.delete(e.key);
  }
  return matches;
}

// The partial matches of `a b+ c` by hand: 0 waits for the first b, 1 just took a b (may move
// on), 2 ignored an event in the loop (may not move on), 3 waits for c.
class Run {
  constructor(
    readonly start: number,
    readonly at: number,
  ) {}
}

function loopOneOrMore(): number {
  const runs = new Map<number, Run[]>();
  let matches = 0;
  for (const e of events) {
    const old = runs.get(e.key) ?? [];
    const next: Run[] = [];
    for (const r of old) {
      if (e.ts - r.start >= WITHIN) continue;
      if (r.at === 0) next.push(e.kind === 1 ? new Run(r.start, 1) : r);
      else if (r.at === 3) {
        if (e.kind === 2) matches++;
        else next.push(r);
      } else if (e.kind === 1) next.push(new Run(r.start, 1));
      else {
        next.push(new Run(r.start, 2)); // the loop ignores the event
        if (r.at === 1) {
          if (e.kind === 2) matches++;
          else next.push(new Run(r.start, 3));
        }
      }
      if (r.at === 1 && e.kind === 1) next.push(new Run(r.start, 3)); // moved on, ignores b
    }
    if (e.kind === 0) next.push(new Run(e.ts, 0));
    if (next.length === 0) runs.delete(e.key);
    else runs.set(e.key, next);
  }
  return matches;
}

const workloads = {
  '3-step strict': {
    loop: loopStrict,
    contenders: { sluice: () => strictGraph.run(mat), 'hand-written state machine': loopStrict },
  },
  '3-step relaxed within': {
    loop: loopRelaxed,
    contenders: { sluice: () => relaxedGraph.run(mat), 'hand-written state machine': loopRelaxed },
  },
  'a b+ c within': {
    loop: loopOneOrMore,
    contenders: { sluice: () => loopGraph.run(mat), 'hand-written state machine': loopOneOrMore },
  },
};

for (const [workload, { loop: reference, contenders }] of Object.entries(workloads)) {
  await checkSame(workload, reference(), contenders);
  summary(() => {
    for (const [name, f] of Object.entries(contenders)) {
      const b = bench(`${workload} 1M/10k keys: ${name}`, f);
      if (name === 'sluice') b.baseline(true);
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

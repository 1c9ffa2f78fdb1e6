// The windowed sum every window spec runs, and its result as rows.
import { type Materializer, Sink, Source } from 'sluice';
import {
  type SlidingWindows,
  WatermarkStrategy,
  Window,
  type WindowAssigner,
  type WindowMetrics,
  type WindowOptions,
  type WindowResult,
} from 'sluice/cep';
import { type Ev, type Row, sortRows } from './oracle.js';

/** A watermark after every element, `b` ms behind the newest timestamp. */
export const perElement = (b: number): WatermarkStrategy<Ev> =>
  WatermarkStrategy.forBoundedOutOfOrderness<Ev>(b).withIntervalMs(0);

export const sum = {
  createAccumulator: (): number => 0,
  add: (e: Ev, acc: number): number => acc + e.v,
  getResult: (acc: number): number => acc,
  merge: (a: number, b: number): number => a + b,
};

export const toRow = (r: WindowResult<number, number>): Row => ({
  key: r.key,
  start: r.window.start,
  end: r.window.end,
  value: r.value,
});

/** Runs a keyed windowed sum over `events`; returns the sorted rows and the late elements. */
export async function runSums(
  mat: Materializer,
  assigner: WindowAssigner<Ev> | SlidingWindows,
  events: readonly Ev[],
  watermark: WatermarkStrategy<Ev> | undefined,
  metrics?: WindowMetrics,
): Promise<{ rows: Row[]; late: Ev[] }> {
  const { rows, late } = await runSumsWith(mat, assigner, events, {
    ...(watermark === undefined ? {} : { watermark }),
    ...(metrics === undefined ? {} : { metrics }),
  });
  return { rows: sortRows(rows), late };
}

/**
 * Runs a keyed windowed sum over `events` with more options (a trigger, an emit strategy, ...);
 * returns the rows in the order emitted and the late elements.
 */
export async function runSumsWith(
  mat: Materializer,
  assigner: WindowAssigner<Ev> | SlidingWindows,
  events: readonly Ev[],
  options: WindowOptions<Ev, number>,
): Promise<{ rows: Row[]; late: Ev[] }> {
  const late: Ev[] = [];
  const results = await Source.from(events)
    .via(
      Window.aggregate(assigner, sum, {
        timestamp: (e: Ev) => e.ts,
        keyBy: (e: Ev) => e.key,
        lateData: Sink.foreach((e: Ev) => late.push(e)),
        ...options,
      }),
    )
    .runWith(Sink.seq(), mat);
  return { rows: results.map(toRow), late };
}

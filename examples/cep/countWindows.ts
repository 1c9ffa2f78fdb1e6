// Count windows: an average per sensor over every 3 readings (tumbling), and a moving average of
// the last 3 readings every 2 (sliding), as Flink's countWindow(3) and countWindow(3, 2).
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { CountWindows, Window, type WindowResult } from 'sluice/cep';

export interface Reading {
  readonly sensor: string;
  readonly celsius: number;
}

const average = (rs: readonly Reading[]): number =>
  rs.reduce((sum, r) => sum + r.celsius, 0) / rs.length;

/** Averages per sensor over `size` readings, one result every `slide` (or every `size`). */
export function countAverages(
  readings: readonly Reading[],
  size: number,
  slide?: number,
  materializer?: Materializer,
): Promise<WindowResult<string, number>[]> {
  return Source.from(readings)
    .via(
      Window.process(CountWindows.of<Reading>(size, slide), average, {
        keyBy: (r: Reading) => r.sensor,
      }),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const readings = [20, 21, 22, 23, 24, 25, 26].map((celsius) => ({ sensor: 's1', celsius }));
  for (const r of await countAverages(readings, 3)) console.log('tumbling', r.key, r.value);
  for (const r of await countAverages(readings, 3, 2)) console.log('sliding', r.key, r.value);
}

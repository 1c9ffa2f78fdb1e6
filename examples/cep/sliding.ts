// Moving averages: one-minute windows hopping every 10 s (Flink's sliding, Kafka Streams'
// hopping windows), the average temperature per sensor.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { SlidingEventTimeWindows, Window, type WindowResult } from 'sluice/cep';

export interface Reading {
  readonly sensor: string;
  readonly celsius: number;
  readonly ts: number;
}

interface Mean {
  sum: number;
  n: number;
}

/** The mean per sensor over each minute, one window every 10 s. */
export function movingAverages(
  readings: readonly Reading[],
  materializer?: Materializer,
): Promise<WindowResult<string, number>[]> {
  return Source.from(readings)
    .via(
      Window.aggregate(
        SlidingEventTimeWindows.of<Reading>(60_000, 10_000),
        {
          createAccumulator: (): Mean => ({ sum: 0, n: 0 }),
          add: (r: Reading, m: Mean) => {
            m.sum += r.celsius;
            m.n++;
            return m;
          },
          getResult: (m: Mean) => m.sum / m.n,
        },
        { timestamp: (r: Reading) => r.ts, keyBy: (r: Reading) => r.sensor },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const readings = Array.from({ length: 12 }, (_, i) => ({
    sensor: 's1',
    celsius: 20 + i,
    ts: i * 10_000,
  }));
  for (const r of await movingAverages(readings)) console.log(r.window.start, r.value.toFixed(1));
}

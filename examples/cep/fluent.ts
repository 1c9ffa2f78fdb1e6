// The fluent form, as Flink's keyBy(...).window(...).trigger(...).aggregate(...): page views per
// user and 10 minutes of event time, with an early result every 3 views.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import {
  CountTrigger,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';

export interface View {
  readonly user: string;
  readonly ts: number;
}

/** Views per user and 10 minutes, emitted every 3 views of a window. */
export function viewCounts(
  views: readonly View[],
  materializer?: Materializer,
): Promise<WindowResult<string, number>[]> {
  return Source.from(views)
    .via(
      Window.keyBy((v: View) => v.user)
        .window(TumblingEventTimeWindows.of<View>(600_000))
        .trigger(CountTrigger.of(3))
        .aggregate(
          {
            createAccumulator: () => 0,
            add: (_: View, n: number) => n + 1,
            getResult: (n: number) => n,
          },
          {
            timestamp: (v: View) => v.ts,
            watermark: WatermarkStrategy.forMonotonousTimestamps<View>().withIntervalMs(0),
          },
        ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const views = [1, 2, 3, 4, 5, 6, 7].map((m) => ({ user: 'ann', ts: m * 60_000 }));
  for (const c of await viewCounts(views)) console.log(c.key, c.window.start, c.value);
}

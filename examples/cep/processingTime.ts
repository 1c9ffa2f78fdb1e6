// Requests per second by the clock (processing time), and a merge of two event-time streams
// whose windows wait for the slower one.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import {
  EventTime,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';

/** Counts the elements of `requests` per second of the materializer's clock. */
export function perSecond(
  requests: Source<string, unknown>,
  materializer?: Materializer,
): Promise<WindowResult<undefined, number>[]> {
  return requests
    .via(
      Window.aggregate(TumblingProcessingTimeWindows.of<string>(1_000), {
        createAccumulator: () => 0,
        add: (_: string, n: number) => n + 1,
        getResult: (n: number) => n,
      }),
    )
    .runWith(Sink.seq(), materializer);
}

/** Counts per 10 ms of event time over two merged streams of timestamps. */
export function mergedCounts(
  a: readonly number[],
  b: readonly number[],
  materializer?: Materializer,
): Promise<WindowResult<undefined, number>[]> {
  const strategy = WatermarkStrategy.forMonotonousTimestamps<number>().withIntervalMs(0);
  const withWatermarks = (ts: readonly number[]) =>
    Source.from(ts).via(EventTime.assignTimestampsAndWatermarks((t: number) => t, strategy));
  return EventTime.merge([withWatermarks(a), withWatermarks(b)])
    .via(
      Window.aggregate(
        TumblingEventTimeWindows.of<number>(10),
        {
          createAccumulator: () => 0,
          add: (_: number, n: number) => n + 1,
          getResult: (n: number) => n,
        },
        { timestamp: (t: number) => t, watermark: 'fromStream' },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const requests = Source.tick(0, 100, 'req').take(25);
  for (const w of await perSecond(requests)) console.log(w.window.start, w.value);
  for (const w of await mergedCounts([1, 15, 25], [3, 12])) console.log(w.window.start, w.value);
}

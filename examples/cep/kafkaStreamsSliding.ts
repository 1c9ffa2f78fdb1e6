// Kafka Streams' record-driven sliding windows: for each record, the records no more than 5 s
// apart from it, one window per distinct set (no empty or duplicate windows, unlike hopping).
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { SlidingWindows, Window, type WindowResult } from 'sluice/cep';

/** How many records each sliding window of 5 s holds. */
export function countsWithin5s(
  timestamps: readonly number[],
  materializer?: Materializer,
): Promise<WindowResult<undefined, number>[]> {
  return Source.from(timestamps)
    .via(
      Window.aggregate(
        SlidingWindows.ofTimeDifferenceWithNoGrace(5_000),
        {
          createAccumulator: () => 0,
          add: (_: number, n: number) => n + 1,
          getResult: (n: number) => n,
        },
        { timestamp: (ts: number) => ts },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const w of await countsWithin5s([8_000, 9_200, 12_400])) {
    console.log(`[${String(w.window.start)};${String(w.window.end - 1)}]`, w.value);
  }
}

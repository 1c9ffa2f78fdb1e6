// Emit strategies: the same clicks per 10 s window, with 5 s of allowed lateness, emitted on window
// close (then re-emitted per late click), on every update, or suppressed until the window closes
// for good (one final result per window).
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { TumblingEventTimeWindows, WatermarkStrategy, Window, type WindowResult } from 'sluice/cep';

export type Emit = 'onWindowClose' | 'onEveryUpdate' | 'suppressUntilClose';

/** Clicks per 10 s window of their timestamps (ms), emitted as `emit` says. */
export function clickCounts(
  clicks: readonly number[],
  emit: Emit,
  materializer?: Materializer,
): Promise<WindowResult<undefined, number>[]> {
  return Source.from(clicks)
    .via(
      Window.aggregate(
        TumblingEventTimeWindows.of<number>(10_000),
        {
          createAccumulator: () => 0,
          add: (_: number, n: number) => n + 1,
          getResult: (n: number) => n,
        },
        {
          timestamp: (ts: number) => ts,
          watermark: WatermarkStrategy.forMonotonousTimestamps<number>().withIntervalMs(0),
          allowedLatenessMs: 5_000,
          emit,
        },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const clicks = [1_000, 12_000, 8_000, 16_000];
  for (const emit of ['onWindowClose', 'onEveryUpdate', 'suppressUntilClose'] as const) {
    const counts = await clickCounts(clicks, emit);
    console.log(emit, counts.map((c) => `[${c.window.start}]=${c.value}`).join(' '));
  }
}

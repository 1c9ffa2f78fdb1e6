// Card payments per minute: a tumbling event-time window per card, with payments up to 5 s out of
// order still counted, and later ones reported on the side instead of silently dropped.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { TumblingEventTimeWindows, WatermarkStrategy, Window, type WindowResult } from 'sluice/cep';

export interface Payment {
  readonly card: string;
  readonly amount: number;
  readonly ts: number;
}

/** Totals per card and minute; late payments go to `late`. */
export function totalsPerMinute(
  payments: readonly Payment[],
  late: Payment[],
  materializer?: Materializer,
): Promise<WindowResult<string, number>[]> {
  return Source.from(payments)
    .via(
      Window.aggregate(
        TumblingEventTimeWindows.of<Payment>(60_000),
        {
          createAccumulator: () => 0,
          add: (p: Payment, total: number) => total + p.amount,
          getResult: (total: number) => total,
        },
        {
          timestamp: (p: Payment) => p.ts,
          watermark: WatermarkStrategy.forBoundedOutOfOrderness<Payment>(5_000).withIntervalMs(0),
          keyBy: (p: Payment) => p.card,
          lateData: Sink.foreach((p: Payment) => late.push(p)),
        },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const late: Payment[] = [];
  const totals = await totalsPerMinute(
    [
      { card: 'a', amount: 10, ts: 1_000 },
      { card: 'b', amount: 5, ts: 30_000 },
      { card: 'a', amount: 7, ts: 59_000 },
      { card: 'a', amount: 1, ts: 70_000 },
      { card: 'a', amount: 3, ts: 58_000 }, // its minute closed when the 70 s payment arrived: late
    ],
    late,
  );
  for (const t of totals) console.log(t.key, t.window.start, t.value);
  console.log('late:', late.length);
}

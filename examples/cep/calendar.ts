// Daily totals in New York time: calendar days from local midnight to local midnight, 23 hours
// long on the day the clocks go forward and 25 on the day they go back.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { CalendarWindows, Window, type WindowResult } from 'sluice/cep';

export interface Sale {
  readonly amount: number;
  readonly ts: number;
}

/** Sales summed per calendar day in `timeZone`. */
export function dailyTotals(
  sales: readonly Sale[],
  timeZone: string,
  materializer?: Materializer,
): Promise<WindowResult<undefined, number>[]> {
  return Source.from(sales)
    .via(
      Window.reduce(
        CalendarWindows.day<Sale>(timeZone),
        (a: Sale, b: Sale) => ({ amount: a.amount + b.amount, ts: Math.max(a.ts, b.ts) }),
        { timestamp: (s: Sale) => s.ts },
      ),
    )
    .map((r) => ({ ...r, value: r.value.amount }))
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const totals = await dailyTotals(
    [
      { amount: 5, ts: Date.UTC(2026, 2, 8, 6) },
      { amount: 7, ts: Date.UTC(2026, 2, 9, 3) }, // still March 8 in New York
      { amount: 1, ts: Date.UTC(2026, 2, 9, 5) },
    ],
    'America/New_York',
  );
  for (const t of totals) {
    const hours = (t.window.end - t.window.start) / 3_600_000;
    console.log(new Date(t.window.start).toISOString(), `${String(hours)} h`, t.value);
  }
}

// Idle keys: a shopping cart's total per user and hour, closed early once the user has been quiet
// for 30 minutes of the clock, so carts of users who never come back leave no state behind.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, type Source } from 'sluice';
import { TumblingEventTimeWindows, Window, WindowMetrics, type WindowResult } from 'sluice/cep';

export interface CartEvent {
  readonly user: string;
  readonly amount: number;
  readonly ts: number;
}

/** Cart totals per user and hour; `metrics` counts the live keys and the idle closings. */
export function cartTotals(
  events: Source<CartEvent, unknown>,
  metrics: WindowMetrics,
  materializer?: Materializer,
): Promise<WindowResult<string, number>[]> {
  return events
    .via(
      Window.aggregate(
        TumblingEventTimeWindows.of<CartEvent>(3_600_000),
        {
          createAccumulator: () => 0,
          add: (e: CartEvent, total: number) => total + e.amount,
          getResult: (total: number) => total,
        },
        {
          timestamp: (e: CartEvent) => e.ts,
          keyBy: (e: CartEvent) => e.user,
          closeIdleKeysAfterMs: 30 * 60_000,
          metrics,
        },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { Source } = await import('sluice');
  const metrics = new WindowMetrics();
  const totals = await cartTotals(
    Source.from([
      { user: 'ann', amount: 20, ts: 0 },
      { user: 'bob', amount: 5, ts: 1_000 },
    ]),
    metrics,
  );
  for (const t of totals) console.log(t.key, t.value);
  console.log('live keys after completion:', metrics.keys);
}

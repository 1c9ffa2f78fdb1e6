// Triggers: batches of a global window ("3 orders or 1 s, whichever first"), and early results of
// an hourly event-time window every 10 minutes of event time, as deltas.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, type Source } from 'sluice';
import {
  ContinuousEventTimeTrigger,
  GlobalWindows,
  PurgingTrigger,
  TimeOrCountTrigger,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';

export interface Order {
  readonly id: string;
  readonly amount: number;
  readonly ts: number;
}

/** Groups orders into batches of 3, or fewer after 1 s of the clock without a full batch. */
export function batches(
  orders: Source<Order, unknown>,
  materializer?: Materializer,
): Promise<WindowResult<undefined, string[]>[]> {
  return orders
    .via(
      Window.process(GlobalWindows.create<Order>(), (os: readonly Order[]) => os.map((o) => o.id), {
        trigger: PurgingTrigger.of(TimeOrCountTrigger.of(3, 1_000)),
      }),
    )
    .runWith(Sink.seq(), materializer);
}

/** The amount ordered per hour, reported every 10 minutes as what was added since the last report. */
export function hourlyDeltas(
  orders: Source<Order, unknown>,
  materializer?: Materializer,
): Promise<WindowResult<undefined, number>[]> {
  return orders
    .via(
      Window.aggregate(
        TumblingEventTimeWindows.of<Order>(3_600_000),
        {
          createAccumulator: () => 0,
          add: (o: Order, total: number) => total + o.amount,
          getResult: (total: number) => total,
        },
        {
          timestamp: (o: Order) => o.ts,
          watermark: WatermarkStrategy.forMonotonousTimestamps<Order>().withIntervalMs(0),
          trigger: PurgingTrigger.of(ContinuousEventTimeTrigger.of(600_000)),
        },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { Source } = await import('sluice');
  const minute = 60_000;
  const orders = [1, 2, 3, 4, 12, 25, 70].map((m, i) => ({
    id: `o${i}`,
    amount: 10,
    ts: m * minute,
  }));
  for (const b of await batches(Source.from(orders))) console.log('batch', b.value.join(' '));
  for (const d of await hourlyDeltas(Source.from(orders)))
    console.log('delta', d.window.start / minute, d.value);
}

// Card fraud: three small payments on one card followed by a large one within ten minutes.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { CEP, Pattern, WatermarkStrategy } from 'sluice/cep';

export interface Payment {
  readonly card: string;
  readonly amount: number;
  readonly ts: number;
}

export interface FraudAlert {
  readonly card: string;
  readonly small: readonly number[];
  readonly large: number;
}

const minutes = (n: number): number => n * 60_000;

/** Three payments under 1.00, then one over 500, per card, all within ten minutes. */
export const smallThenLarge = Pattern.of<Payment>()
  .begin('small')
  .where((p) => p.amount < 1)
  .times(3)
  .followedBy('large')
  .where((p) => p.amount > 500)
  .within(minutes(10));

/** The alerts for `payments`, in event time with a minute of out-of-orderness allowed. */
export function fraudAlerts(
  payments: readonly Payment[],
  materializer?: Materializer,
): Promise<FraudAlert[]> {
  return Source.from(payments)
    .via(
      CEP.pattern(smallThenLarge, {
        timestamp: (p: Payment) => p.ts,
        watermark: WatermarkStrategy.forBoundedOutOfOrderness<Payment>(minutes(1)),
        keyBy: (p: Payment) => p.card,
      }),
    )
    .map((m) => ({
      card: m.large.card,
      small: m.small.map((p) => p.amount),
      large: m.large.amount,
    }))
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const alerts = await fraudAlerts([
    { card: 'c1', amount: 0.5, ts: minutes(0) },
    { card: 'c1', amount: 0.2, ts: minutes(1) },
    { card: 'c2', amount: 40, ts: minutes(1) },
    { card: 'c1', amount: 0.9, ts: minutes(2) },
    { card: 'c1', amount: 900, ts: minutes(5) },
  ]);
  for (const a of alerts) console.log(a.card, a.small.join(' '), a.large);
}

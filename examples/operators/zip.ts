// Numbering invoices with `zipWith`: each order takes the next number of a sequence, and the
// stream ends with whichever side ends first. A sequence that is a plain fused chain
// (`Source.range`, `Source.from(numbers)`, with `map`, `filter`, ...) runs inside the zip's own
// step, one number per order; any other source (numbers reserved in blocks from a promise) goes
// through the `zip` junction, with the same result.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';

export interface Order {
  readonly customer: string;
  readonly cents: number;
}

export interface Invoice extends Order {
  readonly number: number;
}

/** An invoice per order, numbered from `numbers` (by default `first`, `first + 1`, ...). */
export function invoices(
  orders: Source<Order, unknown>,
  first: number,
  materializer?: Materializer,
  numbers: Source<number, unknown> = Source.range(first, Number.MAX_SAFE_INTEGER),
): Promise<Invoice[]> {
  return orders
    .zipWith(numbers, (order, number): Invoice => ({ ...order, number }))
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const orders = Source.from<Order>([
    { customer: 'ada', cents: 1200 },
    { customer: 'grace', cents: 800 },
  ]);
  for (const i of await invoices(orders, 1001)) {
    console.log(`#${String(i.number)} ${i.customer} ${String(i.cents)}`);
  }
}

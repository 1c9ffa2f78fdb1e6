// Expanding orders into their line items with `flatMapMerge`. An order whose lines are in memory
// becomes `Source.from(lines).map(...)`, a plain fused chain, which the stage runs inside itself as
// plain calls; an order whose lines must be looked up (a promise) becomes a real substream. Up to
// `breadth` orders are expanded at once, and the stage takes one line from each in turn, so a big
// order does not hold the small ones back.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';

export interface Order {
  readonly id: string;
  /** The lines in memory, or a lookup that resolves them. */
  readonly lines: readonly number[] | (() => Promise<readonly number[]>);
}

/** One line item of an order: its order id and its amount in cents. */
export interface Line {
  readonly order: string;
  readonly cents: number;
}

/** Every line of every order, at most `breadth` orders expanded at a time, merged. */
export function orderLines(
  orders: readonly Order[],
  breadth: number,
  materializer?: Materializer,
): Promise<Line[]> {
  return Source.from(orders)
    .flatMapMerge(breadth, (order) => {
      const toLine = (cents: number): Line => ({ order: order.id, cents });
      const { lines } = order;
      return typeof lines === 'function'
        ? Source.fromPromise(lines()).mapConcat((all) => all.map(toLine))
        : Source.from(lines).map(toLine);
    })
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines = await orderLines(
    [
      { id: 'big', lines: Array.from({ length: 6 }, (_, i) => 100 * (i + 1)) },
      { id: 'small', lines: [50, 60] },
      { id: 'remote', lines: () => Promise.resolve([999]) },
    ],
    3,
  );
  console.log(lines.map((l) => `${l.order}:${String(l.cents)}`).join(' '));
}

// Orders priced downstream while every order also goes to an audit trail (`alsoTo`: the audit
// must see every order, and a failing audit fails the run) and to a metrics tap (`wireTap`: a
// broken tap is dropped and pricing goes on). Both sinks are single fusable sinks
// (`Sink.foreach`), so the fluent forms run them inside the stream's fused chain; any other sink
// goes through the junction, with the same semantics.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';

export interface Order {
  readonly id: string;
  readonly qty: number;
  readonly price: number;
}

/** Prices `orders`, sending each to `audit` first-hand and offering each price to `metrics`. */
export function priceOrders(
  orders: readonly Order[],
  audit: (order: Order) => void,
  metrics: (price: number) => void,
  materializer?: Materializer,
): Promise<number> {
  return Source.from(orders)
    .alsoTo(Sink.foreach(audit))
    .map((order) => order.qty * order.price)
    .wireTap(Sink.foreach(metrics))
    .runWith(
      Sink.fold(0, (revenue: number, price: number) => revenue + price),
      materializer,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const orders: Order[] = [
    { id: 'o1', qty: 2, price: 5 },
    { id: 'o2', qty: 1, price: 30 },
    { id: 'o3', qty: 4, price: 2 },
  ];
  const trail: string[] = [];
  let priced = 0;
  const revenue = await priceOrders(
    orders,
    (order) => trail.push(order.id),
    () => priced++,
  );
  console.log(`revenue ${String(revenue)}, audited ${trail.join(' ')}, ${String(priced)} priced`);
}

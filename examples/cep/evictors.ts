// Evictors: every 5 trades, the average price of those in the last 10 s of event time
// (GlobalWindows + CountTrigger + TimeEvictor, as in Flink).
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { CountTrigger, GlobalWindows, TimeEvictor, Window, type WindowResult } from 'sluice/cep';

export interface Trade {
  readonly symbol: string;
  readonly price: number;
  readonly ts: number;
}

/** Per symbol, every 5 trades: the average price over the trades of the last 10 s. */
export function recentAverages(
  trades: readonly Trade[],
  materializer?: Materializer,
): Promise<WindowResult<string, number>[]> {
  return Source.from(trades)
    .via(
      Window.aggregate(
        GlobalWindows.create<Trade>(),
        {
          createAccumulator: () => ({ sum: 0, n: 0 }),
          add: (t: Trade, acc: { sum: number; n: number }) => ({
            sum: acc.sum + t.price,
            n: acc.n + 1,
          }),
          getResult: (acc: { sum: number; n: number }) => acc.sum / acc.n,
        },
        {
          timestamp: (t: Trade) => t.ts,
          keyBy: (t: Trade) => t.symbol,
          trigger: CountTrigger.of(5),
          evictor: TimeEvictor.of<Trade>(10_000),
        },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const trades = [100, 101, 102, 103, 104, 110, 111, 112, 113, 114].map((price, i) => ({
    symbol: 'ACME',
    price,
    ts: i * 3_000,
  }));
  for (const r of await recentAverages(trades)) console.log(r.key, r.value);
}

// A stock V-shape: a price falls for at least two ticks in a row, then rises above where the fall
// started, within five minutes.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { AfterMatchSkipStrategy, CEP, Pattern } from 'sluice/cep';

export interface Tick {
  readonly symbol: string;
  readonly price: number;
  readonly ts: number;
}

export interface VShape {
  readonly symbol: string;
  readonly top: number;
  readonly bottom: number;
  readonly recovery: number;
}

/** A top, at least two falling ticks, then a tick above the top. */
export const vShape = Pattern.of<Tick>()
  .begin('top')
  .next('fall')
  .where((t, ctx) => {
    const before = ctx.eventsFor('fall');
    const previous = before[before.length - 1] ?? ctx.eventsFor('top')[0];
    return previous !== undefined && t.price < previous.price;
  })
  .timesOrMore(2)
  .consecutive()
  .greedy()
  .next('recovery')
  .where((t, ctx) => t.price > (ctx.eventsFor('top')[0]?.price ?? Infinity))
  .within(300_000);

/** The V-shapes per symbol, in event time; each tick belongs to one V at most. */
export function vShapes(ticks: readonly Tick[], materializer?: Materializer): Promise<VShape[]> {
  return Source.from(ticks)
    .via(
      CEP.pattern(vShape, {
        timestamp: (t: Tick) => t.ts,
        keyBy: (t: Tick) => t.symbol,
        afterMatchSkip: AfterMatchSkipStrategy.skipPastLastEvent(),
      }),
    )
    .map((m) => ({
      symbol: m.top.symbol,
      top: m.top.price,
      bottom: Math.min(...m.fall.map((t) => t.price)),
      recovery: m.recovery.price,
    }))
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const prices = [10, 9, 8, 7, 11, 12];
  const shapes = await vShapes(prices.map((price, i) => ({ symbol: 'ACME', price, ts: i * 1000 })));
  for (const v of shapes) console.log(v.symbol, v.top, v.bottom, v.recovery);
}

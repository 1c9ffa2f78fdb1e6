// A status feed with `merge`: the readings a device sends as they come, merged with the readings
// stored while it was offline. The stored ones are an array, so `Source.from(stored)` is a plain
// fused chain that `merge` runs inside its own step, taking turns with the live readings; neither
// side waits for the other (a live reading that is slow to come does not hold the stored ones
// back). Any other source merged in goes through the `merge` junction, with the same result.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';

export interface Reading {
  readonly at: number;
  readonly celsius: number;
}

/** Every reading, live and stored, as they are taken; each side keeps its own order. */
export function feed(
  live: Source<Reading, unknown>,
  stored: readonly Reading[],
  materializer?: Materializer,
): Promise<Reading[]> {
  return live.merge(Source.from(stored)).runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const live = Source.from<Reading>([
    { at: 300, celsius: 21.5 },
    { at: 301, celsius: 21.6 },
  ]);
  const stored: Reading[] = [
    { at: 100, celsius: 19.0 },
    { at: 200, celsius: 20.2 },
  ];
  for (const r of await feed(live, stored)) console.log(`${String(r.at)}: ${String(r.celsius)}`);
}

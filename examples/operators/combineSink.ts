// Readings fanned out to two sinks at once with `Sink.combine` and a `broadcast`: one stores every
// reading, the other raises an alert for each one over the limit. Both are single fusable sinks
// (`Sink.foreach`), so the broadcast runs fused, each reading handed to each sink in turn; a sink
// that fails is logged and dropped while the other goes on, as with the junction.
import { pathToFileURL } from 'node:url';
import { broadcast, Keep, type Materializer, Sink, Source } from 'sluice';

export interface Reading {
  readonly sensor: string;
  readonly value: number;
}

/** Sends every reading to `store` and each one above `limit` to `alert`; resolves at the end. */
export function fanOut(
  readings: readonly Reading[],
  limit: number,
  store: (reading: Reading) => void,
  alert: (reading: Reading) => void,
  materializer?: Materializer,
): Promise<void> {
  const sinks = Sink.combine(
    [
      Sink.foreach(store),
      Sink.foreach((reading: Reading) => {
        if (reading.value > limit) alert(reading);
      }),
    ],
    (n) => broadcast<Reading>(n),
  );
  return Source.from(readings).watchTermination().toMat(sinks, Keep.left).run(materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const readings: Reading[] = [
    { sensor: 't1', value: 21 },
    { sensor: 't2', value: 48 },
    { sensor: 't1', value: 22 },
  ];
  const stored: string[] = [];
  await fanOut(
    readings,
    40,
    (r) => stored.push(`${r.sensor}=${String(r.value)}`),
    (r) => {
      console.log(`alert: ${r.sensor} at ${String(r.value)}`);
    },
  );
  console.log(`stored ${stored.join(' ')}`);
}

// A flaky source kept alive with RestartSource.withBackoff. Each connection to the "sensor" yields
// a few readings and then drops (fails); the restarting source reconnects after 10 ms, 20 ms,
// 40 ms, ... (capped at 80 ms), so downstream sees one uninterrupted stream of readings. Elements
// in flight when a connection drops are lost; give up after `maxRestarts` drops.
import { pathToFileURL } from 'node:url';
import { type NotUsed, RestartSource, Sink, Source } from 'sluice';

/** One connection to a sensor that sends `readings` values and then fails. */
export function flakySensor(connection: number, readings: number): Source<string, NotUsed> {
  return Source.range(1, readings)
    .map((i) => `connection ${connection}: reading ${i}`)
    .concat(Source.failed<string>(new Error(`connection ${connection} dropped`)));
}

/** Readings across reconnects; fails with the last drop once `maxRestarts` is used up. */
export function resilientReadings(maxRestarts: number): Source<string, NotUsed> {
  let connections = 0;
  return RestartSource.withBackoff(
    { minBackoffMs: 10, maxBackoffMs: 80, randomFactor: 0, maxRestarts },
    () => flakySensor(++connections, 2),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const readings = await resilientReadings(10).take(7).runWith(Sink.seq());
  for (const reading of readings) console.log(reading);
}

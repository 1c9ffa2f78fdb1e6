// A flapping service: its health check goes down and back up three times or more in a row, each
// change within a minute of the one before (a group pattern with a per-loop time gap), reported
// once per burst, in event time.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { AfterMatchSkipStrategy, CEP, Pattern, WatermarkStrategy } from 'sluice/cep';

export interface Check {
  readonly service: string;
  readonly isUp: boolean;
  readonly ts: number;
}

export interface Flap {
  readonly service: string;
  readonly cycles: number;
  readonly from: number;
  readonly to: number;
}

/** One cycle: the check goes down, then up again. */
const cycle = Pattern.of<Check>()
  .begin('down')
  .where((c) => !c.isUp)
  .followedBy('up')
  .where((c) => c.isUp);

/** Three cycles or more, each event within a minute of the one before; a match is { down: Check[]; up: Check[] }. */
export const flapping = Pattern.of<Check>().begin(cycle).timesOrMore(3, { windowTime: 60_000 });

/** The bursts of flapping per service, the first three cycles of each burst. */
export function flappingServices(
  checks: readonly Check[],
  materializer?: Materializer,
): Promise<Flap[]> {
  return Source.from(checks)
    .via(
      CEP.pattern(flapping, {
        timestamp: (c: Check) => c.ts,
        watermark: WatermarkStrategy.forBoundedOutOfOrderness<Check>(5_000),
        keyBy: (c: Check) => c.service,
        afterMatchSkip: AfterMatchSkipStrategy.skipPastLastEvent(),
      }),
    )
    .map((m): Flap => ({
      service: m.down[0]?.service ?? '',
      cycles: m.up.length,
      from: m.down[0]?.ts ?? 0,
      to: m.up[m.up.length - 1]?.ts ?? 0,
    }))
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const s = (isUp: boolean, seconds: number): Check => ({
    service: 'api',
    isUp,
    ts: seconds * 1000,
  });
  const flaps = await flappingServices([
    s(false, 0),
    s(true, 10),
    s(false, 20),
    s(true, 30),
    s(false, 40),
    s(true, 50),
  ]);
  console.log(flaps);
}

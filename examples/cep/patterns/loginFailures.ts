// A login-failure burst: three failed logins of one user in a row within a minute, with no
// success between them; bursts that do not complete are reported as timed out.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { AfterMatchSkipStrategy, CEP, Pattern, type TimedOutMatch } from 'sluice/cep';

export interface Login {
  readonly user: string;
  readonly ok: boolean;
}

interface Burst {
  failures: Login[];
}

/** Three consecutive failures within a minute of the first. */
export const burst = Pattern.of<Login>()
  .begin('failures')
  .where((l) => !l.ok)
  .times(3)
  .consecutive()
  .within(60_000);

/**
 * The users whose logins burst, once per burst (the events of a burst start no other), and the
 * users whose failures timed out before three, on the materializer's clock.
 */
export function loginBursts(
  logins: Source<Login, unknown>,
  timedOut: (user: string, failures: number) => void,
  materializer?: Materializer,
): Promise<string[]> {
  return logins
    .via(
      CEP.pattern(burst, {
        keyBy: (l: Login) => l.user,
        afterMatchSkip: AfterMatchSkipStrategy.skipPastLastEvent(),
        timedOut: Sink.foreach((t: TimedOutMatch<Burst, string>) => {
          timedOut(t.key, t.match.failures?.length ?? 0);
        }),
      }),
    )
    .map((m) => m.failures[0]?.user ?? '')
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fail = (user: string): Login => ({ user, ok: false });
  const users = await loginBursts(
    Source.from([fail('eve'), fail('eve'), fail('bob'), fail('eve'), fail('eve')]),
    (user, n) => {
      console.log('timed out', user, n);
    },
  );
  console.log('bursts', users.join(' '));
}

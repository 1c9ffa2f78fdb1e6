// Rules that change while the stream runs: a fraud rule is tightened on a live payment stream,
// the old version's partial matches finishing while new ones start only on the new version.
import { pathToFileURL } from 'node:url';
import { Keep, type Materializer, Sink, Source } from 'sluice';
import { CEP, Pattern, type PatternControl, type RuleMatch } from 'sluice/cep';

export interface Payment {
  readonly card: string;
  readonly amount: number;
}

/** A small payment (under 1.00), then one over `large`, on one card within ten minutes. */
export const smallThenLarge = (large: number) =>
  Pattern.of<Payment>()
    .begin('small')
    .where((p) => p.amount < 1)
    .followedBy('large')
    .where((p) => p.amount > large)
    .within(600_000);

/** `rule@version card amounts`: which version of which rule fired, on what. */
export function describeAlert(m: RuleMatch<Payment>): string {
  const small = m.match['small'] as Payment;
  const large = m.match['large'] as Payment;
  return `${m.ruleId}@${String(m.version)} ${small.card} ${String(small.amount)} ${String(large.amount)}`;
}

/**
 * Runs the rule `probe` (large means over 500) over `payments`, per card; returns the source's
 * materialized value, the control to change the rules with, and the alerts.
 */
export function ruleAlerts<M>(
  payments: Source<Payment, M>,
  materializer?: Materializer,
): readonly [M, PatternControl<Payment>, Promise<string[]>] {
  const [[source, control], alerts] = payments
    .viaMat(CEP.dynamic({ probe: smallThenLarge(500) }, { keyBy: (p) => p.card }), Keep.both)
    .map(describeAlert)
    .toMat(Sink.seq(), Keep.both)
    .run(materializer);
  return [source, control, alerts];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [queue, control, alerts] = ruleAlerts(Source.queue<Payment>(16));
  await queue.offer({ card: 'c1', amount: 0.5 });
  // From now on a large payment is anything over 100; c1's partial match finishes on version 1.
  await control.swap('probe', smallThenLarge(100), { partialMatches: 'finish' });
  await queue.offer({ card: 'c2', amount: 0.2 });
  await queue.offer({ card: 'c1', amount: 600 });
  await queue.offer({ card: 'c2', amount: 150 });
  queue.complete();
  console.log((await alerts).join('\n'));
}

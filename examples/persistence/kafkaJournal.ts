/**
 * Bank accounts event-sourced on Kafka: the same entity per id as `bankAccounts.ts`, with its
 * events in a Kafka topic, plus an account's history read back with `eventsByPersistenceId`.
 *
 * Run `npx tsx examples/persistence/kafkaJournal.ts [host:port]`: without a broker address it
 * starts an `EmbeddedKafka` on 127.0.0.1 for the run.
 */
import { fileURLToPath } from 'node:url';
import { Materializer, Sink, Source } from 'sluice';
import { type EventEnvelope, KafkaJournal } from 'sluice/persistence';
import { EmbeddedKafka } from 'sluice/testkit';
import {
  type AccountCommand,
  type AccountReply,
  type BalanceChanged,
  bankAccounts,
} from './bankAccounts.js';

/** What {@link runAccounts} returns: each command's reply and one account's stored history. */
export interface AccountsRun {
  readonly replies: AccountReply[];
  readonly history: EventEnvelope<BalanceChanged>[];
}

/**
 * Connects a `KafkaJournal` to `topic`, runs `commands` through the accounts (each account
 * recovers what earlier runs stored), reads `account`'s events back, and closes the journal.
 */
export async function runAccounts(
  brokers: readonly string[],
  topic: string,
  commands: readonly AccountCommand[],
  account: string,
  mat: Materializer = new Materializer(),
): Promise<AccountsRun> {
  const journal = await KafkaJournal.connect({ brokers, topic });
  try {
    const replies = await Source.from(commands).via(bankAccounts(journal)).runWith(Sink.seq(), mat);
    const history = await journal
      .eventsByPersistenceId<BalanceChanged>(`account-${account}`, 1)
      .runWith(Sink.seq(), mat);
    return { replies, history };
  } finally {
    await journal.close();
  }
}

/** Ann deposits 100 and withdraws 30; Bob deposits 20, and his withdrawal of 50 is refused. */
export const firstDay: readonly AccountCommand[] = [
  { account: 'ann', kind: 'deposit', amount: 100 },
  { account: 'bob', kind: 'deposit', amount: 20 },
  { account: 'ann', kind: 'withdraw', amount: 30 },
  { account: 'bob', kind: 'withdraw', amount: 50 },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const address = process.argv[2];
  const embedded = address === undefined ? await EmbeddedKafka.start() : undefined;
  const brokers = embedded?.bootstrapServers ?? [address ?? ''];
  const run = await runAccounts(brokers, 'accounts', firstDay, 'ann');
  for (const r of run.replies) console.log(r.account, r.ok ? 'ok' : 'refused', r.balance);
  for (const e of run.history) console.log('ann', e.sequenceNr, e.event.delta);
  await embedded?.stop();
}

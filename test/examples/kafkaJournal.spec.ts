import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { assertAllStagesStopped, EmbeddedKafka } from 'sluice/testkit';
import { firstDay, runAccounts } from '../../examples/persistence/kafkaJournal.js';

let kafka: EmbeddedKafka;
const mat = new Materializer();
beforeAll(async () => {
  kafka = await EmbeddedKafka.start();
});
afterAll(async () => {
  assertAllStagesStopped(mat);
  await kafka.stop();
});

describe('examples/persistence/kafkaJournal', () => {
  it('keeps balances in Kafka across runs and reads an account history back', async () => {
    const first = await runAccounts(kafka.bootstrapServers, 'accounts', firstDay, 'ann', mat);
    expect(first.replies.map((r) => [r.account, r.ok, r.balance])).toEqual([
      ['ann', true, 100],
      ['bob', true, 20],
      ['ann', true, 70],
      ['bob', false, 20],
    ]);
    expect(first.history.map((e) => e.event.delta)).toEqual([100, -30]);
    // a second run, with a new journal connection, recovers the balances from the topic
    const second = await runAccounts(
      kafka.bootstrapServers,
      'accounts',
      [
        { account: 'bob', kind: 'withdraw', amount: 15 },
        { account: 'ann', kind: 'deposit', amount: 5 },
      ],
      'ann',
      mat,
    );
    expect(second.replies.map((r) => r.balance)).toEqual([5, 75]);
    expect(second.history.map((e) => e.sequenceNr)).toEqual([1, 2, 3]);
  });
});

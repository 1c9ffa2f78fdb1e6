import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, Sink, Source } from 'sluice';
import { EventSourcing } from 'sluice/persistence';
import { assertAllStagesStopped, settle, VirtualClock } from 'sluice/testkit';
import { flowProbes } from '../stages/flowProbes.js';
import { account, type Changed, type Command, ManualJournal, type Reply } from './ManualJournal.js';

interface Keyed extends Command {
  readonly account: string;
}
const to = (id: string, kind: Command['kind'], amount: number): Keyed => ({
  account: id,
  kind,
  amount,
});

const accounts = (
  journal: ManualJournal,
  extra: { passivateAfterMs?: number; maxEntities?: number } = {},
) =>
  EventSourcing.keyedFlow<Keyed, Changed, number, Reply>({
    key: (r) => r.account,
    persistenceIdOf: (id) => `account-${id}`,
    journal,
    ...account,
    ...extra,
  });

const clock = new VirtualClock();
const mat = new Materializer({ clock });
const realMat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
  assertAllStagesStopped(realMat);
});

describe('EventSourcing.keyedFlow', () => {
  it('runs one entity per key, each with its own persistence id, replies in request order', async () => {
    const journal = new ManualJournal();
    const replies = await Source.from([
      to('a', 'deposit', 10),
      to('b', 'deposit', 1),
      to('a', 'withdraw', 4),
      to('b', 'withdraw', 5),
    ])
      .via(accounts(journal))
      .runWith(Sink.seq(), realMat);
    expect(replies.map((r) => [r.ok, r.balance])).toEqual([
      [true, 10],
      [true, 1],
      [true, 6],
      [false, 1],
    ]);
    expect(await journal.highestSequenceNr('account-a')).toBe(2);
    expect(await journal.highestSequenceNr('account-b')).toBe(1);
  });

  it('passivates an idle entity on the clock and recovers it on its next request', async () => {
    const journal = new ManualJournal();
    const [pub, sub] = flowProbes(accounts(journal, { passivateAfterMs: 1_000 }), mat);
    sub.request(10);
    pub.sendNext(to('a', 'deposit', 7));
    await sub.expectNext({ ok: true, balance: 7 });
    expect(journal.snapshotLoads).toBe(1);
    clock.advance(999);
    pub.sendNext(to('a', 'deposit', 1));
    await sub.expectNext({ ok: true, balance: 8 });
    expect(journal.snapshotLoads).toBe(1); // still live: the request reset its idle time
    clock.advance(1_000);
    await settle();
    pub.sendNext(to('a', 'balance', 0));
    await sub.expectNext({ ok: true, balance: 8 });
    expect(journal.snapshotLoads).toBe(2); // passivated, then recovered from the journal
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('passivates on the real clock too', async () => {
    const journal = new ManualJournal();
    const [pub, sub] = flowProbes(accounts(journal, { passivateAfterMs: 2 }), realMat);
    sub.request(10);
    pub.sendNext(to('a', 'deposit', 3));
    await sub.expectNext({ ok: true, balance: 3 });
    while (journal.snapshotLoads < 2) {
      await settle();
      sub.request(1); // however many turns the real timer takes to fire, demand never runs out
      pub.sendNext(to('a', 'balance', 0));
      await sub.expectNext({ ok: true, balance: 3 });
    }
    expect(journal.snapshotLoads).toBe(2);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('bounds the live entities, evicting the least recently used idle one (counted)', async () => {
    const journal = new ManualJournal();
    const [pub, sub] = flowProbes(accounts(journal, { maxEntities: 2 }), mat);
    sub.request(10);
    pub.sendNext(to('a', 'deposit', 1), to('b', 'deposit', 2));
    await sub.expectNext({ ok: true, balance: 1 }, { ok: true, balance: 2 });
    pub.sendNext(to('a', 'deposit', 1)); // a is now the most recently used
    await sub.expectNext({ ok: true, balance: 2 });
    pub.sendNext(to('c', 'deposit', 3)); // evicts b
    await sub.expectNext({ ok: true, balance: 3 });
    expect(journal.snapshotLoads).toBe(3);
    pub.sendNext(to('a', 'balance', 0)); // still live
    await sub.expectNext({ ok: true, balance: 2 });
    expect(journal.snapshotLoads).toBe(3);
    pub.sendNext(to('b', 'balance', 0)); // recovered
    await sub.expectNext({ ok: true, balance: 2 });
    expect(journal.snapshotLoads).toBe(4);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('waits for an entity to go idle when every live one is busy', async () => {
    const journal = new ManualJournal();
    journal.isHolding = true;
    const [pub, sub] = flowProbes(accounts(journal, { maxEntities: 1 }), mat);
    sub.request(10);
    pub.sendNext(to('a', 'deposit', 1), to('b', 'deposit', 2));
    await settle();
    expect(journal.snapshotLoads).toBe(1); // b waits: a's write is in flight
    journal.release();
    await sub.expectNext({ ok: true, balance: 1 });
    await settle();
    expect(journal.snapshotLoads).toBe(2);
    journal.release();
    await sub.expectNext({ ok: true, balance: 2 });
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('refuses bad settings when built', () => {
    const journal = new ManualJournal();
    expect(() => accounts(journal, { maxEntities: 0 })).toThrow(
      'eventSourcing.keyed: maxEntities must be a positive integer, got 0',
    );
    expect(() => accounts(journal, { passivateAfterMs: -1 })).toThrow(
      'eventSourcing.keyed: passivateAfterMs must be a non-negative number of milliseconds, got -1',
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, Sink, Source } from 'sluice';
import {
  type EventEnvelope,
  EventSourcing,
  InMemoryJournal,
  JournalBase,
  type PersistentEvent,
  RecoveryError,
  type SelectedSnapshot,
  SequenceConflictError,
} from 'sluice/persistence';
import { assertAllStagesStopped, settle } from 'sluice/testkit';
import { flowProbes, TE } from '../stages/flowProbes.js';
import {
  account,
  type Changed,
  type Command,
  deposit,
  ManualJournal,
  type Reply,
  withdraw,
} from './ManualJournal.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const accountFlow = (
  journal: InMemoryJournal,
  extra: { maxBatch?: number; snapshotEvery?: number } = {},
) =>
  EventSourcing.flow<Command, Changed, number, Reply>({
    persistenceId: 'account-42',
    journal,
    ...account,
    ...extra,
  });

describe('EventSourcing.flow', () => {
  it('decides on state including in-flight events and replies only once they are written', async () => {
    const journal = new ManualJournal();
    journal.isHolding = true;
    const [pub, sub] = flowProbes(accountFlow(journal), mat);
    sub.request(10);
    await pub.expectRequest();
    pub.sendNext(deposit(100));
    pub.sendNext(withdraw(60));
    pub.sendNext(withdraw(60)); // only one of the two withdrawals can pass
    await settle();
    await sub.expectNoMessage(0);
    expect(journal.heldWrites).toBe(1);
    journal.release();
    await settle();
    expect(journal.heldWrites).toBe(1); // the two requests that came meanwhile: one batch
    journal.release();
    await sub.expectNext(
      { ok: true, balance: 100 },
      { ok: true, balance: 40 },
      { ok: false, balance: 40 },
    );
    expect(journal.writes.map((w) => w.sequenceNrs)).toEqual([[1], [2]]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('batches the requests arriving during a write, bounded by maxBatch, replies in order', async () => {
    const journal = new ManualJournal();
    journal.isHolding = true;
    let decided = 0;
    const flow = EventSourcing.flow<Command, Changed, number, Reply>({
      persistenceId: 'account-42',
      journal,
      ...account,
      maxBatch: 3,
      onRequest: (s, c) => {
        decided++;
        return account.onRequest(s, c);
      },
    });
    const [pub, sub] = flowProbes(flow, mat);
    sub.request(100);
    for (let i = 1; i <= 7; i++) pub.sendNext(deposit(i));
    await settle();
    // one write in flight and the next batch full: the stage stopped pulling
    expect(decided).toBe(4);
    expect(journal.writes.map((w) => w.sequenceNrs)).toEqual([[1]]);
    while (journal.heldWrites > 0) {
      journal.release();
      await settle();
    }
    expect(journal.writes.map((w) => w.sequenceNrs)).toEqual([[1], [2, 3, 4], [5, 6, 7]]);
    const replies = await sub.expectNextN(7);
    expect(replies.map((r) => r.balance)).toEqual([1, 3, 6, 10, 15, 21, 28]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('holds at most 2 × maxBatch requests when downstream does not pull, counted', async () => {
    const journal = new ManualJournal();
    let decided = 0;
    const flow = EventSourcing.flow<Command, Changed, number, Reply>({
      persistenceId: 'account-42',
      journal,
      ...account,
      maxBatch: 4,
      onRequest: (s, c) => {
        decided++;
        return account.onRequest(s, c);
      },
    });
    const [pub, sub] = flowProbes(flow, mat);
    for (let i = 0; i < 30; i++) pub.sendNext(deposit(1));
    await settle(10);
    expect(decided).toBe(8);
    sub.request(8);
    expect((await sub.expectNextN(8)).map((r) => r.balance)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('recovers from the journal on the next materialization', async () => {
    const journal = new InMemoryJournal();
    const first = await Source.from([deposit(10), deposit(5), withdraw(3)])
      .via(accountFlow(journal))
      .runWith(Sink.seq(), mat);
    expect(first.at(-1)).toEqual({ ok: true, balance: 12 });
    const second = await Source.from([withdraw(20), { kind: 'balance', amount: 0 } as const])
      .via(accountFlow(journal))
      .runWith(Sink.seq(), mat);
    expect(second).toEqual([
      { ok: false, balance: 12 },
      { ok: true, balance: 12 },
    ]);
    expect(await journal.highestSequenceNr('account-42')).toBe(3);
  });

  it('recovers from the latest snapshot plus the events after it', async () => {
    const journal = new ManualJournal();
    await Source.from(Array.from({ length: 25 }, () => deposit(1)))
      .via(accountFlow(journal, { snapshotEvery: 10 }))
      .runWith(Sink.ignore(), mat);
    await settle();
    expect(await journal.loadSnapshot('account-42')).toEqual({ sequenceNr: 20, state: 20 });
    let replayed = 0;
    const replies = await Source.single<Command>({ kind: 'balance', amount: 0 })
      .via(
        EventSourcing.flow<Command, Changed, number, Reply>({
          persistenceId: 'account-42',
          journal,
          ...account,
          onEvent: (s, e) => {
            replayed++;
            return account.onEvent(s, e);
          },
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(replies).toEqual([{ ok: true, balance: 25 }]);
    expect(replayed).toBe(5);
  });

  it('pulls no request before recovery ended', async () => {
    const journal = new SlowSnapshotJournal();
    const [pub, sub] = flowProbes(accountFlow(journal), mat);
    sub.request(1);
    await settle();
    expect(pub.pending).toBe(0);
    journal.releaseSnapshot();
    await pub.expectRequest();
    pub.sendNext(deposit(1));
    await sub.expectNext({ ok: true, balance: 1 });
    sub.cancel();
    await pub.expectCancellation();
  });

  it('streams a replay of a million events, never holding more than a page', async () => {
    const journal = new GeneratedJournal(1_000_000);
    let applied = 0;
    const replies = await Source.single(0)
      .via(
        EventSourcing.flow<number, number, number, number>({
          persistenceId: 'big',
          journal,
          emptyState: 0,
          recoveryPageSize: 500,
          onRequest: (state) => ({ reply: state }),
          onEvent: (state, e) => {
            applied++;
            journal.maxHeld = Math.max(journal.maxHeld, journal.produced - applied);
            return state + e;
          },
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(replies).toEqual([1_000_000]);
    expect(applied).toBe(1_000_000);
    expect(journal.maxHeld).toBeLessThanOrEqual(500);
  });

  it('fails when a second writer appended to the same persistence id', async () => {
    const journal = new InMemoryJournal();
    const [pubA, subA] = flowProbes(accountFlow(journal), mat);
    const [pubB, subB] = flowProbes(accountFlow(journal), mat);
    subA.request(5);
    subB.request(5);
    await pubA.expectRequest();
    await pubB.expectRequest();
    pubA.sendNext(deposit(1));
    await subA.expectNext({ ok: true, balance: 1 });
    pubB.sendNext(deposit(7)); // B recovered an empty journal: its event 1 conflicts
    const error = await subB.expectError();
    expect(error).toBeInstanceOf(SequenceConflictError);
    expect(error).toMatchObject({ persistenceId: 'account-42', sequenceNr: 1 });
    await pubB.expectCancellation();
    pubA.sendComplete();
    await subA.expectComplete();
  });

  it('fails recovery at an event that does not deserialize, applying nothing after it', async () => {
    const journal = new InMemoryJournal();
    await Source.from([deposit(1), deposit(2), deposit(3)])
      .via(accountFlow(journal))
      .runWith(Sink.ignore(), mat);
    journal.corrupt('account-42', 2, '{oops');
    let applied = 0;
    const run = Source.single(deposit(1))
      .via(
        EventSourcing.flow<Command, Changed, number, Reply>({
          persistenceId: 'account-42',
          journal,
          ...account,
          recoveryPageSize: 1,
          onEvent: (s, e) => {
            applied++;
            return account.onEvent(s, e);
          },
        }),
      )
      .runWith(Sink.seq(), mat);
    await expect(run).rejects.toBeInstanceOf(RecoveryError);
    await expect(run).rejects.toMatchObject({ persistenceId: 'account-42', sequenceNr: 2 });
    await expect(run).rejects.toThrow(/account-42 at sequence number 2/);
    expect(applied).toBe(1);
  });

  it('fails on a failed write, and the next run reports nothing unwritten', async () => {
    const journal = new FailingJournal();
    const run = Source.from([deposit(5), deposit(6)])
      .via(accountFlow(journal))
      .runWith(Sink.seq(), mat);
    journal.failNext = true;
    await expect(run).rejects.toThrow('disk full');
    const after = await Source.single<Command>({ kind: 'balance', amount: 0 })
      .via(accountFlow(journal))
      .runWith(Sink.seq(), mat);
    expect(after).toEqual([{ ok: true, balance: 0 }]);
  });

  it('fails with upstream and passes on downstream cancellation', async () => {
    const [pub, sub] = flowProbes(accountFlow(new InMemoryJournal()), mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendError(new TE('boom'));
    expect(await sub.expectError()).toBeInstanceOf(TE);
  });

  it('refuses bad settings when built', () => {
    const journal = new InMemoryJournal();
    expect(() => accountFlow(journal, { maxBatch: 0 })).toThrow(
      'eventSourcing: maxBatch must be a positive integer, got 0',
    );
    expect(() => accountFlow(journal, { snapshotEvery: -1 })).toThrow(
      'eventSourcing: snapshotEvery must be a positive integer, got -1',
    );
    expect(() =>
      EventSourcing.flow<Command, Changed, number, Reply>({
        persistenceId: '',
        journal,
        ...account,
      }),
    ).toThrow('eventSourcing: persistenceId must be a non-empty string, got ""');
  });
});

/** Holds the snapshot load until the test releases it. */
class SlowSnapshotJournal extends InMemoryJournal {
  private release: (() => void) | undefined;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));
  override async loadSnapshot(id: string): Promise<SelectedSnapshot | undefined> {
    await this.gate;
    return super.loadSnapshot(id);
  }
  releaseSnapshot(): void {
    this.release?.();
  }
}

/** Fails one write when told to. */
class FailingJournal extends InMemoryJournal {
  failNext = false;
  override writeEvents(id: string, events: readonly PersistentEvent[]): Promise<void> {
    if (this.failNext) return Promise.reject(new Error('disk full'));
    return super.writeEvents(id, events);
  }
}

/** A journal of `count` events of value 1, made page by page and counted as they are made. */
class GeneratedJournal extends JournalBase {
  produced = 0;
  maxHeld = 0;
  constructor(private readonly count: number) {
    super();
  }
  readEvents(id: string, from: number, to: number, max: number): Promise<EventEnvelope[]> {
    const last = Math.min(to, this.count, from + max - 1);
    const page: EventEnvelope[] = [];
    for (let n = from; n <= last; n++) {
      page.push({ persistenceId: id, sequenceNr: n, offset: n, event: 1, tags: [] });
    }
    this.produced += page.length;
    return Promise.resolve(page);
  }
  writeEvents(): Promise<void> {
    return Promise.reject(new Error('read-only'));
  }
  readTagged(): Promise<EventEnvelope[]> {
    return Promise.resolve([]);
  }
  highestSequenceNr(): Promise<number> {
    return Promise.resolve(this.count);
  }
  saveSnapshot(): Promise<void> {
    return Promise.resolve();
  }
  loadSnapshot(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

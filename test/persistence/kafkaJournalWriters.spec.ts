import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Materializer, Sink, Source } from 'sluice';
import {
  EventSourcing,
  KafkaJournal,
  RecoveryError,
  SequenceConflictError,
} from 'sluice/persistence';
import { assertAllStagesStopped, EmbeddedKafka } from 'sluice/testkit';

let kafka: EmbeddedKafka;
let topics = 0;
const mat = new Materializer();
const opened: KafkaJournal[] = [];
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ autoCreateTopics: false });
});
afterAll(async () => {
  for (const journal of opened) await journal.close();
  assertAllStagesStopped(mat);
  await kafka.stop();
});

const connect = async (topic: string): Promise<KafkaJournal> => {
  const journal = await KafkaJournal.connect({ brokers: kafka.bootstrapServers, topic });
  opened.push(journal);
  return journal;
};
const events = (from: number, n: number, label: string) =>
  Array.from({ length: n }, (_, i) => ({ sequenceNr: from + i, event: label, tags: [] }));

// A counter whose onEvent counts how often it ran, so replays are counted, not timed.
const counter = (
  journal: KafkaJournal,
  applied: { n: number },
  extra: { snapshotEvery?: number; recoveryPageSize?: number } = {},
) =>
  EventSourcing.flow<'inc' | 'get', number, number, number>({
    persistenceId: 'counter',
    journal,
    emptyState: 0,
    ...extra,
    onRequest: (state, r) => (r === 'get' ? { reply: state } : { events: [1], reply: state + 1 }),
    onEvent: (state, e) => {
      applied.n++;
      return state + e;
    },
  });

describe('KafkaJournal with two writers', () => {
  it('lets the first write in the log win when two processes write the same sequence numbers', async () => {
    const topic = `writers-${String(++topics)}`;
    const a = await connect(topic);
    const b = await connect(topic);
    // both recover the id, so each believes the next sequence number is 1 and sends at once
    expect(await a.highestSequenceNr('acct')).toBe(0);
    expect(await b.highestSequenceNr('acct')).toBe(0);
    const results = await Promise.allSettled([
      a.writeEvents('acct', events(1, 2, 'a')),
      b.writeEvents('acct', events(1, 3, 'b')),
    ]);
    // both writes reached the log: only the reading rule tells them apart
    expect(kafka.records(topic, 0).length).toBe(5);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = (lost[0] as PromiseRejectedResult).reason as SequenceConflictError;
    expect(error).toBeInstanceOf(SequenceConflictError);
    expect(error).toMatchObject({ persistenceId: 'acct', sequenceNr: 1 });
    expect(error.message).toMatch(/acct at sequence number 1/);
    const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
    const c = await connect(topic);
    const read = await c.readEvents('acct', 1, 100, 100);
    expect(read.map((e) => e.event)).toEqual(winner === 'a' ? ['a', 'a'] : ['b', 'b', 'b']);
    // the loser's later write, continuing its own rejected sequence, is refused too
    const loser = winner === 'a' ? b : a;
    await expect(
      loser.writeEvents('acct', events(winner === 'a' ? 4 : 3, 1, 'late')),
    ).rejects.toBeInstanceOf(SequenceConflictError);
  });

  it('fails the stage of the second writer naming the persistence id and sequence number', async () => {
    const topic = `writers-${String(++topics)}`;
    const first = await connect(topic);
    const second = await connect(topic);
    const applied = { n: 0 };
    // the second stage recovers (state 0); before its 'inc' arrives, the first writer appends 1
    const failed = await Source.from<'get' | 'inc'>(['get', 'inc'])
      .mapAsync(1, async (request) => {
        if (request === 'inc')
          await first.writeEvents('counter', [{ sequenceNr: 1, event: 1, tags: [] }]);
        return request;
      })
      .via(counter(second, applied))
      .runWith(Sink.seq(), mat)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failed).toBeInstanceOf(SequenceConflictError);
    expect(failed).toMatchObject({ persistenceId: 'counter', sequenceNr: 1, highestSequenceNr: 1 });
    const read = await first.readEvents('counter', 1, 100, 100);
    expect(read.map((e) => e.sequenceNr)).toEqual([1]);
    // a new materialization recovers the first writer's event and continues after it
    const replies = await Source.single<'inc'>('inc')
      .via(counter(second, applied))
      .runWith(Sink.seq(), mat);
    expect(replies).toEqual([2]);
  });
});

// Appends raw records to partition 0 as another client would: `[key, seq, first, write, value]`.
const appendForeign = async (
  topic: string,
  records: readonly (readonly [string, number, number, string, string])[],
  extraHeaders: Record<string, string> = {},
) => {
  const client = new Kafka({ brokers: kafka.bootstrapServers, logLevel: logLevel.NOTHING });
  const producer = client.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: records.map(([key, seq, first, write, value]) => ({
      key,
      value,
      partition: 0,
      headers: {
        'sluice-event': `${String(seq)} ${String(first)} ${write}`,
        ...extraHeaders,
      },
    })),
  });
  await producer.disconnect();
};

describe('KafkaJournal acknowledging writes from the produce response', () => {
  it("acknowledges a write that lands after another client's records of other ids", async () => {
    const topic = `ack-${String(++topics)}`;
    const journal = await connect(topic);
    await journal.writeEvents('acct', events(1, 2, 'mine'));
    await appendForeign(topic, [
      ['other', 1, 1, 'w1', '"x"'],
      ['other', 2, 1, 'w1', '"y"'],
    ]);
    await journal.writeEvents('acct', events(3, 1, 'mine'));
    const read = await (await connect(topic)).readEvents('acct', 1, 100, 100);
    expect(read.map((e) => e.sequenceNr)).toEqual([1, 2, 3]);
  });

  it("acknowledges a write that lands after a losing writer's records of the same id", async () => {
    const topic = `ack-${String(++topics)}`;
    const journal = await connect(topic);
    await journal.writeEvents('acct', events(1, 2, 'mine'));
    // sequence number 2 again: every reader skips it, so the journal's 3 still continues the id
    await appendForeign(topic, [['acct', 2, 2, 'loser', '"lost"']]);
    await journal.writeEvents('acct', events(3, 1, 'mine'));
    const read = await (await connect(topic)).readEvents('acct', 1, 100, 100);
    expect(read.map((e) => [e.sequenceNr, e.event])).toEqual([
      [1, 'mine'],
      [2, 'mine'],
      [3, 'mine'],
    ]);
  });

  it('acknowledges the interleaved writes of many ids through one journal', async () => {
    const topic = `ack-${String(++topics)}`;
    const journal = await connect(topic);
    const ids = Array.from({ length: 8 }, (_, i) => `id-${String(i)}`);
    for (let round = 0; round < 3; round++) {
      await Promise.all(ids.map((id) => journal.writeEvents(id, events(1 + 2 * round, 2, id))));
    }
    const fresh = await connect(topic);
    for (const id of ids) {
      const read = await fresh.readEvents(id, 1, 100, 100);
      expect(read.map((e) => e.sequenceNr)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });
});

describe('KafkaJournal recovery', () => {
  it('fails at a malformed record naming id and sequence number, applying nothing after it', async () => {
    const topic = `recovery-${String(++topics)}`;
    const journal = await connect(topic);
    await journal.writeEvents('counter', [
      { sequenceNr: 1, event: 1, tags: [] },
      { sequenceNr: 2, event: 1, tags: [] },
    ]);
    // another client appends a record that continues the sequence but is not JSON, then a good one
    const client = new Kafka({ brokers: kafka.bootstrapServers, logLevel: logLevel.NOTHING });
    const producer = client.producer();
    await producer.connect();
    const header = (seq: number) => ({
      'sluice-event': `${String(seq)} ${String(seq)} foreign:${String(seq)}`,
    });
    await producer.send({
      topic,
      messages: [
        { key: 'counter', value: '{not json', headers: header(3), partition: 0 },
        { key: 'counter', value: '1', headers: header(4), partition: 0 },
      ],
    });
    await producer.disconnect();
    const applied = { n: 0 };
    const failed = await Source.single<'get'>('get')
      .via(counter(await connect(topic), applied, { recoveryPageSize: 1 }))
      .runWith(Sink.seq(), mat)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failed).toBeInstanceOf(RecoveryError);
    expect(failed).toMatchObject({ persistenceId: 'counter', sequenceNr: 3 });
    expect(applied.n).toBe(2);
  });

  it('recovers from the latest snapshot and replays only the events after it', async () => {
    const topic = `recovery-${String(++topics)}`;
    const applied = { n: 0 };
    const writer = await connect(topic);
    const incs = Array.from({ length: 25 }, () => 'inc' as const);
    const replies = await Source.from(incs)
      .via(counter(writer, applied, { snapshotEvery: 10 }))
      .runWith(Sink.seq(), mat);
    expect(replies.at(-1)).toBe(25);
    // the stage saves a snapshot after the write holding it was acknowledged, without waiting
    await vi.waitFor(() => {
      const snapshots = kafka
        .records(topic, 0)
        .filter((r) => r.headers.some((h) => h.key === 'sluice-snapshot'));
      expect(snapshots.length).toBeGreaterThanOrEqual(1);
    });
    applied.n = 0;
    const reader = await connect(topic); // a fresh journal: nothing cached
    const [state] = await Source.single<'get'>('get')
      .via(counter(reader, applied, { snapshotEvery: 10 }))
      .runWith(Sink.seq(), mat);
    expect(state).toBe(25);
    expect(applied.n).toBe(5); // the snapshot at 20, then 21..25
  });

  it("finds the snapshot its last write points to, far behind other ids' records", async () => {
    const topic = `recovery-${String(++topics)}`;
    const journal = await connect(topic);
    expect(await journal.loadSnapshot('acct')).toBeUndefined();
    await journal.writeEvents('acct', events(1, 5, 'a'));
    await journal.saveSnapshot('acct', 5, { upTo: 5 });
    await journal.writeEvents('acct', events(6, 2, 'a')); // its last record points to the snapshot
    // more than the first windows read back from the end
    await journal.writeEvents('other', events(1, 5000, 'b'));
    const fresh = await connect(topic);
    expect(await fresh.loadSnapshot('acct')).toEqual({ sequenceNr: 5, state: { upTo: 5 } });
    const rest = await fresh.readEvents('acct', 6, 100, 100);
    expect(rest.map((e) => e.sequenceNr)).toEqual([6, 7]);
  });

  it('ignores a pointer that does not name a snapshot of the id', async () => {
    const topic = `recovery-${String(++topics)}`;
    const journal = await connect(topic);
    await journal.writeEvents('acct', events(1, 3, 'a'));
    await journal.saveSnapshot('acct', 3, { upTo: 3 });
    // another client's record claims the latest snapshot is the event at offset 0
    await appendForeign(topic, [['acct', 4, 4, 'foreign', '"d"']], {
      'sluice-latest-snapshot': '0:9',
    });
    const fresh = await connect(topic);
    expect(await fresh.loadSnapshot('acct')).toEqual({ sequenceNr: 3, state: { upTo: 3 } });
  });
});

import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedKafka } from 'sluice/testkit';
import {
  OFFSET_JOURNAL_FILE,
  OffsetJournal,
} from '../../../src/testkit/broker/groups/OffsetJournal.js';

// Committed group offsets under `dataDir` survive a stop and a start on the same directory.
// The broker comes from the built package (dist/), as users get it; run `npm run build` first.

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  // Last registered first: clients disconnect before their broker stops, the directory goes last.
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-offsets-'));
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  });
  return dir;
}

async function start(dataDir: string): Promise<EmbeddedKafka> {
  const kafka = await EmbeddedKafka.start({ dataDir, log: () => undefined });
  cleanups.push(() => kafka.stop());
  return kafka;
}

function client(kafka: EmbeddedKafka): Kafka {
  return new Kafka({
    clientId: 'persistence-spec',
    brokers: kafka.bootstrapServers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, retries: 10 },
  });
}

const fastConsumer = {
  sessionTimeout: 6000,
  heartbeatInterval: 250,
  maxWaitTimeInMs: 100,
} as const;

async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Commits `offset` for `groupId` through a kafkajs group member, which needs one record in
 * `topic` to get going. Quicker than admin.setOffsets, whose consumer idles a 5 s fetch wait.
 */
async function commitAs(
  kafka: EmbeddedKafka,
  groupId: string,
  topic: string,
  offset: string,
): Promise<void> {
  const consumer = client(kafka).consumer({ groupId, ...fastConsumer });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let done = false;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition }) => {
        if (done) return;
        await consumer.commitOffsets([{ topic, partition, offset }]);
        done = true;
      },
    });
    await eventually(() => {
      expect(done).toBe(true);
    });
  } finally {
    await consumer.disconnect();
  }
}

/** `kafka.committedOffsets` as `topic/partition@offset` strings. */
function committed(kafka: EmbeddedKafka, groupId: string): string[] {
  return kafka.committedOffsets(groupId).map((o) => `${o.topic}/${o.partition}@${o.offset}`);
}

describe('committed offsets under dataDir', () => {
  it('resume after the broker stops and starts again on the same directory', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    first.createTopic('resume', 1);
    const producer = client(first).producer();
    await producer.connect();
    await producer.send({
      topic: 'resume',
      messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}` })),
    });
    await producer.disconnect();

    // Commit by hand after exactly four records, so the committed offset is known: 4.
    const consumer = client(first).consumer({ groupId: 'g', ...fastConsumer });
    cleanups.push(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topics: ['resume'], fromBeginning: true });
    const seen: number[] = [];
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const offset = Number(message.offset);
        // Later records are fetched too, but never committed: autoCommit is off.
        if (offset >= 4) return;
        seen.push(offset);
        if (offset === 3) {
          await consumer.commitOffsets([{ topic: 'resume', partition: 0, offset: '4' }]);
        }
      },
    });
    await eventually(() => {
      expect(committed(first, 'g')).toEqual(['resume/0@4']);
    });
    await consumer.disconnect();
    expect(seen).toEqual([0, 1, 2, 3]);
    const before = first.committedOffsets('g');
    await first.stop();

    const second = await start(dataDir);
    // Everything OffsetFetch reports comes back: offset, leader epoch and metadata.
    expect(second.committedOffsets('g')).toEqual(before);
    const resumed = client(second).consumer({ groupId: 'g', ...fastConsumer });
    cleanups.push(() => resumed.disconnect());
    await resumed.connect();
    // fromBeginning only applies without a committed offset; the committed 4 must win.
    await resumed.subscribe({ topics: ['resume'], fromBeginning: true });
    const received: number[] = [];
    await resumed.run({
      eachMessage: ({ message }) => {
        received.push(Number(message.offset));
        return Promise.resolve();
      },
    });
    await eventually(() => {
      expect(received).toEqual([4, 5, 6, 7, 8, 9]);
    });
    await eventually(() => {
      expect(committed(second, 'g')).toEqual(['resume/0@10']);
    });
  });

  it('forget a group deleted with DeleteGroups', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    first.createTopic('gone', 1);
    const producer = client(first).producer();
    await producer.connect();
    await producer.send({ topic: 'gone', messages: [{ value: 'only' }] });
    await producer.disconnect();
    await commitAs(first, 'doomed', 'gone', '7');
    await commitAs(first, 'kept', 'gone', '2');
    const admin = client(first).admin();
    cleanups.push(() => admin.disconnect());
    await admin.connect();
    await admin.deleteGroups(['doomed']);
    await admin.disconnect();
    await first.stop();

    const second = await start(dataDir);
    expect(committed(second, 'doomed')).toEqual([]);
    expect(committed(second, 'kept')).toEqual(['gone/0@2']);
    // Restored groups exist (Empty) on the coordinator, so they can be listed and deleted.
    const admin2 = client(second).admin();
    cleanups.push(() => admin2.disconnect());
    await admin2.connect();
    const { groups } = await admin2.listGroups();
    expect(groups.map((g) => g.groupId)).toEqual(['kept']);
  });

  it('skip a torn last line of the journal and keep appending after it', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, OFFSET_JOURNAL_FILE);
    const offset5 = { topic: 't', partition: 0, offset: 5n, leaderEpoch: -1, metadata: null };
    new OffsetJournal(path).commit('g', [offset5]);
    // A crash in the middle of the next append.
    appendFileSync(path, '{"group":"g","topic":"t","partition":0,"off');

    // The broker starts on it and restores what was written whole.
    const kafka = await start(dataDir);
    expect(committed(kafka, 'g')).toEqual(['t/0@5']);
    await kafka.stop();

    // The fragment is cut off, so the next append lands on a line of its own.
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    const journal = new OffsetJournal(path);
    journal.commit('g', [{ ...offset5, offset: 6n }]);
    expect(journal.read()).toEqual([
      { kind: 'commit', groupId: 'g', offset: offset5 },
      { kind: 'commit', groupId: 'g', offset: { ...offset5, offset: 6n } },
    ]);
  });

  it('skip lines that do not parse', () => {
    const dataDir = tempDir();
    const path = join(dataDir, OFFSET_JOURNAL_FILE);
    writeFileSync(
      path,
      [
        'not json',
        '{"group":"g","topic":"t","partition":0,"offset":"x","leaderEpoch":-1,"metadata":null}',
        '{"group":"g","deleted":true}',
        '',
      ].join('\n'),
    );
    expect(new OffsetJournal(path).read()).toEqual([{ kind: 'delete', groupId: 'g' }]);
  });
});

describe('group metadata under dataDir', () => {
  it('keeps a stable kafkajs group through a restart: same member, same generation, no rejoin', async () => {
    const dataDir = tempDir();
    const first = await EmbeddedKafka.start({ dataDir, log: () => undefined });
    let current = first;
    cleanups.push(() => current.stop());
    first.createTopic('steady', 2);
    const port = Number(first.bootstrapServers[0]?.split(':')[1]);

    const consumer = new Kafka({
      clientId: 'steady-spec',
      brokers: first.bootstrapServers,
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 100, retries: 20 },
    }).consumer({ groupId: 'steady', ...fastConsumer });
    cleanups.push(() => consumer.disconnect());
    const joins: string[] = [];
    const generations = new Set<number>();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => joins.push(payload.memberId));
    consumer.on(consumer.events.HEARTBEAT, ({ payload }) => {
      generations.add(payload.groupGenerationId);
    });
    let crashes = 0;
    consumer.on(consumer.events.CRASH, () => crashes++);
    await consumer.connect();
    await consumer.subscribe({ topics: ['steady'], fromBeginning: true });
    const received: string[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push(String(message.value));
        return Promise.resolve();
      },
    });

    const produce = async (kafka: EmbeddedKafka, from: number): Promise<void> => {
      const producer = client(kafka).producer();
      await producer.connect();
      await producer.send({
        topic: 'steady',
        messages: Array.from({ length: 10 }, (_, i) => ({
          key: `k${from + i}`,
          value: `v${from + i}`,
          partition: i % 2,
        })),
      });
      await producer.disconnect();
    };
    await produce(first, 0);
    await eventually(() => {
      expect(received).toHaveLength(10);
      expect(committed(first, 'steady')).toEqual(['steady/0@5', 'steady/1@5']);
      expect(generations.size).toBe(1);
    });
    const [generation] = [...generations];

    await first.stop();
    const second = await EmbeddedKafka.start({ dataDir, port, log: () => undefined });
    current = second;
    await produce(second, 10);
    await eventually(() => {
      expect(received).toHaveLength(20);
      expect(committed(second, 'steady')).toEqual(['steady/0@10', 'steady/1@10']);
    }, 20_000);
    // Heartbeats after the restart carried the generation the group had before it.
    generations.clear();
    await eventually(() => {
      expect(generations.size).toBeGreaterThan(0);
    });
    expect([...generations]).toEqual([generation]);
    // One join in all: the member never had to rejoin, and never crashed.
    expect(joins).toHaveLength(1);
    expect(crashes).toBe(0);
    // Each record once: the committed offsets resumed where they were, nothing replayed.
    expect([...received].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`).sort());
  });
});

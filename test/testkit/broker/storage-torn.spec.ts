import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fetchAll, kafkajs, onCleanup, spawnUntil, startKafka } from './helpers/clients.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-torn-'));
  onCleanup(() => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  });
  return dir;
}

/** A data directory with topic `t` (2 partitions), four records in partition 1, log start 1. */
async function seed(dataDir: string): Promise<void> {
  const { kafka } = await startKafka({ dataDir });
  kafka.createTopic('t', 2, { 'retention.ms': '-1' });
  const producer = kafkajs(kafka).producer();
  await producer.connect();
  for (const value of ['a', 'b', 'c', 'd']) {
    await producer.send({ topic: 't', messages: [{ value, partition: 1 }] });
  }
  await producer.disconnect();
  const admin = kafkajs(kafka).admin();
  await admin.connect();
  await admin.fetchTopicMetadata({ topics: ['t'] });
  await admin.deleteTopicRecords({ topic: 't', partitions: [{ partition: 1, offset: '1' }] });
  await admin.disconnect();
  await kafka.stop();
}

describe('dataDir storage after a crash', () => {
  it('writes meta.json and cluster.json whole, leaving no temporary file', async () => {
    const dataDir = tempDir();
    await seed(dataDir);
    expect(JSON.parse(readFileSync(join(dataDir, 't-1', 'meta.json'), 'utf8'))).toEqual({
      logStartOffset: 1,
    });
    const names = readdirSync(dataDir, { recursive: true }).map(String);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('starts on a torn meta.json and serves the log from its first batch', async () => {
    const dataDir = tempDir();
    await seed(dataDir);
    writeFileSync(join(dataDir, 't-1', 'meta.json'), '{"logStartOf');
    const { kafka, logs } = await startKafka({ dataDir });
    expect(logs.join('\n')).toMatch(/t\/1: .*meta\.json is torn/);
    const { messages } = await fetchAll(kafka, 't', 1, { offset: 0 });
    expect(messages.map((m) => m.value?.toString())).toEqual(['a', 'b', 'c', 'd']);
    // The next log start change rewrites the file whole.
    kafka.cluster.partition('t', 1)?.deleteBefore(2);
    expect(JSON.parse(readFileSync(join(dataDir, 't-1', 'meta.json'), 'utf8'))).toEqual({
      logStartOffset: 2,
    });
  });

  it('starts on a torn cluster.json, rebuilding the topics from their logs', async () => {
    const dataDir = tempDir();
    await seed(dataDir);
    const file = join(dataDir, 'cluster.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    const { kafka, logs } = await startKafka({ dataDir });
    expect(logs.join('\n')).toMatch(/cluster\.json is torn/);
    expect(kafka.cluster.topics.get('t')?.partitions).toHaveLength(2);
    const { messages } = await fetchAll(kafka, 't', 1, { offset: 1 });
    expect(messages.map((m) => m.value?.toString())).toEqual(['b', 'c', 'd']);
    // The rebuilt topic list is written back whole and parses on the next start.
    await kafka.stop();
    expect(existsSync(`${file}.tmp`)).toBe(false);
    const second = await startKafka({ dataDir });
    expect(second.logs.join('\n')).not.toMatch(/torn/);
    expect(second.kafka.records('t', 1).map((r) => r.value?.toString())).toEqual(['b', 'c', 'd']);
  });

  it('restarts after a SIGKILL during log start changes, keeping every acknowledged one', async () => {
    const dataDir = tempDir();
    const { child, line } = await spawnUntil(
      process.execPath,
      ['--import', 'tsx', 'src/testkit/broker/cli.ts', '--port', '0', '--data-dir', dataDir],
      /listening on (\S+)\n/,
    );
    onCleanup(() => {
      child.kill('SIGKILL');
      return Promise.resolve();
    });
    const address = /listening on (\S+)/.exec(line)?.[1] ?? '';
    const client = new Kafka({ clientId: 'crash', brokers: [address], logLevel: logLevel.NOTHING });
    const producer = client.producer();
    await producer.connect();
    const values = Array.from({ length: 60 }, (_, i) => `v${i}`);
    for (const value of values) {
      await producer.send({ topic: 'crash', messages: [{ value, partition: 0 }] });
    }
    await producer.disconnect();
    const admin = client.admin({ retry: { retries: 0 } });
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: ['crash'] });
    let acknowledged = 0;
    const exited = once(child, 'exit');
    // Each DeleteRecords rewrites meta.json; the broker is killed between two of them.
    const churn = (async () => {
      for (let offset = 1; offset < 60; offset++) {
        if (offset === 30) child.kill('SIGKILL');
        await admin.deleteTopicRecords({
          topic: 'crash',
          partitions: [{ partition: 0, offset: String(offset) }],
        });
        acknowledged = offset;
      }
    })();
    await expect(churn).rejects.toBeDefined();
    await exited;
    await admin.disconnect().catch(() => undefined);

    const { kafka, logs } = await startKafka({ dataDir });
    expect(logs).toEqual([]);
    expect(acknowledged).toBeGreaterThan(0);
    const start = kafka.cluster.partition('crash', 0)?.logStartOffset ?? -1;
    expect(start).toBeGreaterThanOrEqual(acknowledged);
    expect(start).toBeLessThanOrEqual(acknowledged + 1);
    const { messages } = await fetchAll(kafka, 'crash', 0, { offset: start });
    expect(messages.map((m) => m.value?.toString())).toEqual(values.slice(start));
  });
});

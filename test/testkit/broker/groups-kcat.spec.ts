import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/EmbeddedKafka.js';
import {
  decodeAssignment,
  describe as describeOnBroker,
  eventually,
  kafkajsClient,
  produce,
  range,
  startBroker,
} from './groups-fixtures.js';

let kafka: EmbeddedKafka;
let logs: string[];
let client: Kafka;

beforeAll(async () => {
  ({ kafka, logs } = await startBroker());
  client = kafkajsClient(kafka);
});

afterAll(async () => {
  await kafka.stop();
  // The broker logs only failed handlers and malformed or unsupported requests.
  expect(logs).toEqual([]);
});

/** A kcat balanced consumer (`-G`) printing `partition:offset:value` lines. */
function kcatGroup(
  groupId: string,
  topic: string,
  extra: string[] = [],
): ChildProcessWithoutNullStreams {
  return spawn('kcat', [
    '-b',
    kafka.bootstrapServers.join(','),
    '-G',
    groupId,
    topic,
    // Not `-o beginning`: in -G mode kcat would assign that offset and ignore the committed one.
    '-X',
    'auto.offset.reset=earliest',
    '-q',
    // Unbuffered, or a long-running kcat's output would sit in its stdio buffer.
    '-u',
    '-f',
    '%p:%o:%s\\n',
    // librdkafka's defaults (45 s session, 3 s heartbeat) would make rebalances slow to notice.
    '-X',
    'session.timeout.ms=6000',
    '-X',
    'heartbeat.interval.ms=250',
    ...extra,
  ]);
}

/** Collects a child's stdout lines. */
function lines(child: ChildProcessWithoutNullStreams): string[] {
  const out: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    out.push(...parts);
  });
  return out;
}

/** Runs kcat until it exits (it does with `-e` at the end of every assigned partition). */
async function consumeToEnd(groupId: string, topic: string): Promise<string[]> {
  const child = kcatGroup(groupId, topic, ['-e']);
  const out = lines(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code, stderr).toBe(0);
  return out;
}

function committed(groupId: string): string[] {
  return kafka.committedOffsets(groupId).map((o) => `${o.partition}@${o.offset}`);
}

describe('consumer groups with kcat (librdkafka)', () => {
  it('consumes a topic with -G, commits its position, and resumes from it on the next run', async () => {
    kafka.createTopic('kcat-resume', 3);
    const first = await produce(client, 'kcat-resume', 3, 9, 'first');
    const firstRun = await consumeToEnd('g-kcat', 'kcat-resume');
    expect(firstRun.map((l) => l.split(':')[2]).sort()).toEqual([...first].sort());
    expect(committed('g-kcat')).toEqual(['0@3', '1@3', '2@3']);
    // kcat leaves the group when it exits.
    expect(describeOnBroker(kafka, 'g-kcat')).toMatchObject({ state: 'Empty', members: [] });

    const second = await produce(client, 'kcat-resume', 3, 3, 'second');
    const secondRun = await consumeToEnd('g-kcat', 'kcat-resume');
    expect(secondRun.map((l) => l.split(':')[2]).sort()).toEqual([...second].sort());
    expect(committed('g-kcat')).toEqual(['0@4', '1@4', '2@4']);
  });

  it('splits the partitions between two kcat members and consumes each message once', async () => {
    kafka.createTopic('kcat-split', 4);
    const one = kcatGroup('g-kcat-split', 'kcat-split');
    const oneOut = lines(one);
    const two = kcatGroup('g-kcat-split', 'kcat-split');
    const twoOut = lines(two);
    try {
      const assignments = await eventually(() => {
        const group = describeOnBroker(kafka, 'g-kcat-split');
        expect(group.state).toBe('Stable');
        expect(group.members).toHaveLength(2);
        const parts = group.members.map(
          (m) => decodeAssignment(m.assignment).get('kcat-split') ?? [],
        );
        expect(parts.flat().sort()).toEqual(range(4));
        return parts;
      });
      expect(assignments.every((p) => p.length === 2)).toBe(true);

      const values = await produce(client, 'kcat-split', 4, 8, 'split');
      await eventually(() => {
        const seen = [...oneOut, ...twoOut].map((l) => l.split(':')[2]);
        expect(seen.sort()).toEqual([...values].sort());
      });
    } finally {
      one.kill('SIGTERM');
      two.kill('SIGTERM');
      await Promise.all([once(one, 'exit'), once(two, 'exit')]);
    }
    // On SIGTERM kcat closes its consumer, which commits and sends LeaveGroup.
    expect(describeOnBroker(kafka, 'g-kcat-split').state).toBe('Empty');
    expect(committed('g-kcat-split')).toEqual(['0@2', '1@2', '2@2', '3@2']);
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/EmbeddedKafka.js';
import { groupCoordinatorOf } from '../../../src/testkit/broker/groups/groupCoordinatorKey.js';
import {
  describe as describeOnBroker,
  eventually,
  kafkajsClient,
  produce,
  range,
  startBroker,
  TrackedConsumer,
  waitForStableGroup,
} from './groups-fixtures.js';

const PARTITIONS = 6;

let kafka: EmbeddedKafka;
let client: Kafka;
let logs: string[];

beforeAll(async () => {
  // A lower session-timeout floor than Kafka's 6 s lets the crash test expire a member in 2 s.
  ({ kafka, logs } = await startBroker({ groups: { minSessionTimeoutMs: 1000 } }));
  client = kafkajsClient(kafka);
});

afterAll(async () => {
  const coordinator = groupCoordinatorOf(kafka.cluster);
  await kafka.stop();
  // Session, rebalance and sync timers all end with the broker.
  expect(coordinator.pendingTimers).toBe(0);
  // The broker logs only failed handlers and malformed or unsupported requests.
  expect(logs).toEqual([]);
});

/** Every partition exactly once across the members' assignments. */
function expectExactCover(assignments: Map<string, number[]>): void {
  const all = [...assignments.values()].flat().sort((a, b) => a - b);
  expect(all).toEqual(range(PARTITIONS));
  for (const partitions of assignments.values()) expect(partitions.length).toBeGreaterThan(0);
}

/** Produces one batch and checks each message reached the member that owns its partition. */
async function expectOwnersConsume(
  topic: string,
  members: readonly TrackedConsumer[],
  assignments: Map<string, number[]>,
  prefix: string,
): Promise<void> {
  const values = await produce(client, topic, PARTITIONS, 2 * PARTITIONS, prefix);
  await eventually(() => {
    for (const value of values) {
      const holders = members.filter((m) => m.received.some((r) => r.value === value));
      expect(holders, value).toHaveLength(1);
      const [holder] = holders;
      const partition = holder!.received.find((r) => r.value === value)!.partition;
      expect(assignments.get(holder!.memberId!)).toContain(partition);
    }
  });
}

describe('consumer groups with kafkajs', () => {
  it('splits the partitions between members as they join and leave', async () => {
    const topic = 'membership';
    kafka.createTopic(topic, PARTITIONS);
    const [a, b, c] = ['a', 'b', 'c'].map(
      (name) => new TrackedConsumer(kafkajsClient(kafka, name), 'g-membership', topic),
    ) as [TrackedConsumer, TrackedConsumer, TrackedConsumer];
    try {
      await Promise.all([a.start(), b.start()]);
      let assignments = await waitForStableGroup(kafka, 'g-membership', [a, b]);
      expectExactCover(assignments);
      await expectOwnersConsume(topic, [a, b], assignments, 'two');

      await c.start();
      assignments = await waitForStableGroup(kafka, 'g-membership', [a, b, c]);
      expectExactCover(assignments);
      expect(new Set(assignments.keys()).size).toBe(3);
      await expectOwnersConsume(topic, [a, b, c], assignments, 'three');

      await b.stop(); // LeaveGroup: the rest rebalance at once, without waiting for a timeout
      assignments = await waitForStableGroup(kafka, 'g-membership', [a, c]);
      expectExactCover(assignments);
      await expectOwnersConsume(topic, [a, c], assignments, 'after-leave');
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
    expect(describeOnBroker(kafka, 'g-membership').state).toBe('Empty');
  });

  it('reassigns a crashed member’s partitions once its session times out', async () => {
    const topic = 'crash';
    kafka.createTopic(topic, PARTITIONS);
    // The member that crashes runs in its own process so it can die without a LeaveGroup.
    const script = `
      import { Kafka, logLevel } from 'kafkajs';
      const kafka = new Kafka({ brokers: ${JSON.stringify(kafka.bootstrapServers)}, logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: 'g-crash', sessionTimeout: 2000, heartbeatInterval: 250, maxWaitTimeInMs: 100 });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => console.log(JSON.stringify(payload)));
      await consumer.connect();
      await consumer.subscribe({ topic: '${topic}', fromBeginning: true });
      await consumer.run({ eachMessage: async () => {} });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const joins = createInterface({ input: child.stdout });
    const survivor = new TrackedConsumer(kafkajsClient(kafka, 'survivor'), 'g-crash', topic);
    try {
      const [firstLine] = (await once(joins, 'line')) as [string];
      const crashed = (JSON.parse(firstLine) as { memberId: string }).memberId;
      await survivor.start();
      const assignments = await eventually(() => {
        const members = describeOnBroker(kafka, 'g-crash').members.map((m) => m.memberId);
        expect(members.sort()).toEqual([crashed, survivor.memberId].sort());
        expect(describeOnBroker(kafka, 'g-crash').state).toBe('Stable');
        expect(survivor.assignment?.length).toBeGreaterThan(0);
        expect(survivor.assignment?.length).toBeLessThan(PARTITIONS);
        return survivor.assignment;
      });
      expect(assignments).not.toBeNull();

      child.kill('SIGKILL');
      await once(child, 'exit');
      // No LeaveGroup was sent: the broker notices only when the 2 s session runs out.
      const after = await waitForStableGroup(kafka, 'g-crash', [survivor]);
      expect(after.get(survivor.memberId!)).toEqual(range(PARTITIONS));
      await expectOwnersConsume(topic, [survivor], after, 'after-crash');
    } finally {
      child.kill('SIGKILL');
      await survivor.stop();
    }
  });
});

import { type Consumer, type ConsumerConfig, Kafka, logLevel } from 'kafkajs';
import {
  EmbeddedKafka,
  type EmbeddedKafkaOptions,
} from '../../../src/testkit/broker/EmbeddedKafka.js';
import type { GroupDescription } from '../../../src/testkit/broker/groups/GroupRequests.js';
import { groupCoordinatorOf } from '../../../src/testkit/broker/groups/groupCoordinatorKey.js';

// Shared by the groups-*.spec.ts files: a broker per spec file, kafkajs clients tuned to
// notice rebalances within a few hundred milliseconds, and polling helpers that wait for
// a state instead of sleeping for a guessed time.

/** Starts a broker whose log lines are kept for inspection instead of printed. */
export async function startBroker(
  options: EmbeddedKafkaOptions = {},
): Promise<{ kafka: EmbeddedKafka; logs: string[] }> {
  const logs: string[] = [];
  const kafka = await EmbeddedKafka.start({ log: (line) => logs.push(line), ...options });
  return { kafka, logs };
}

/** A kafkajs client with quick retries and no log output. */
export function kafkajsClient(kafka: EmbeddedKafka, clientId = 'groups-spec'): Kafka {
  return new Kafka({
    clientId,
    brokers: kafka.bootstrapServers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, retries: 10 },
  });
}

/**
 * Consumer settings that make kafkajs react fast: it heartbeats (and so learns of a rebalance)
 * only between fetches, so fetches return after 100 ms and heartbeats go every 250 ms.
 */
export const fastConsumer = {
  sessionTimeout: 6000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 250,
  maxWaitTimeInMs: 100,
} as const;

/** Retries `check` until it stops throwing, then returns its value; rethrows after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** One consumed message. */
export interface Received {
  readonly partition: number;
  readonly offset: number;
  readonly value: string;
}

/** A kafkajs group consumer that records its latest assignment and everything it consumes. */
export class TrackedConsumer {
  readonly consumer: Consumer;
  memberId: string | null = null;
  /** Partitions of the subscribed topic from the latest GROUP_JOIN, sorted. */
  assignment: number[] | null = null;
  readonly received: Received[] = [];

  constructor(
    client: Kafka,
    readonly groupId: string,
    readonly topic: string,
    config: Partial<ConsumerConfig> = {},
  ) {
    this.consumer = client.consumer({ groupId, ...fastConsumer, ...config });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.memberId = payload.memberId;
      this.assignment = [...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
    });
  }

  /** Connects, subscribes and starts consuming; resolves once `run` has started. */
  async start(
    runConfig: { autoCommit?: boolean; autoCommitInterval?: number } = {},
  ): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommitInterval: 100,
      ...runConfig,
      eachMessage: ({ partition, message }) => {
        this.received.push({
          partition,
          offset: Number(message.offset),
          value: message.value?.toString() ?? '',
        });
        return Promise.resolve();
      },
    });
  }

  /** Leaves the group (LeaveGroup) and disconnects. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** The broker's own description of `groupId`. */
export function describe(kafka: EmbeddedKafka, groupId: string): GroupDescription {
  const [description] = groupCoordinatorOf(kafka.cluster).describeGroups([groupId]);
  if (description === undefined) throw new Error(`no description of ${groupId}`);
  return description;
}

/**
 * Decodes a ConsumerProtocolAssignment (v0+): `int16 version, [topic string, [int32]]`, then
 * user data, which is ignored. Returns topic → sorted partitions.
 */
export function decodeAssignment(bytes: Uint8Array): Map<string, number[]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  const topics = new Map<string, number[]>();
  const topicCount = view.getInt32(at);
  at += 4;
  for (let t = 0; t < topicCount; t++) {
    const nameLength = view.getInt16(at);
    at += 2;
    const name = Buffer.from(bytes.subarray(at, at + nameLength)).toString('utf8');
    at += nameLength;
    const count = view.getInt32(at);
    at += 4;
    const partitions: number[] = [];
    for (let p = 0; p < count; p++, at += 4) partitions.push(view.getInt32(at));
    topics.set(
      name,
      partitions.sort((a, b) => a - b),
    );
  }
  return topics;
}

/** `[0, 1, …, n - 1]`. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Waits until the broker reports `groupId` Stable with exactly `members`, and each member's own
 * view of its assignment matches the broker's; returns the assignments, which the caller checks
 * for coverage.
 */
export async function waitForStableGroup(
  kafka: EmbeddedKafka,
  groupId: string,
  members: readonly TrackedConsumer[],
  timeoutMs = 10_000,
): Promise<Map<string, number[]>> {
  return eventually(() => {
    const description = describe(kafka, groupId);
    if (description.state !== 'Stable') throw new Error(`group is ${description.state}`);
    const onBroker = new Map(description.members.map((m) => [m.memberId, m]));
    const ids = members.map((m) => m.memberId ?? '?');
    if (onBroker.size !== members.length || !ids.every((id) => onBroker.has(id))) {
      throw new Error(
        `broker has members ${[...onBroker.keys()].join(', ')}, clients ${ids.join(', ')}`,
      );
    }
    const assignments = new Map<string, number[]>();
    for (const m of members) {
      const brokerView = decodeAssignment(
        onBroker.get(m.memberId ?? '')?.assignment ?? new Uint8Array(),
      );
      const expected = brokerView.get(m.topic) ?? [];
      if (JSON.stringify(expected) !== JSON.stringify(m.assignment)) {
        throw new Error(
          `${m.memberId ?? '?'} holds ${JSON.stringify(m.assignment)}, broker says ${JSON.stringify(expected)}`,
        );
      }
      assignments.set(m.memberId ?? '', expected);
    }
    return assignments;
  }, timeoutMs);
}

/** Produces `count` messages spread round-robin over `partitions`, values `${prefix}-${i}`. */
export async function produce(
  client: Kafka,
  topic: string,
  partitions: number,
  count: number,
  prefix: string,
): Promise<string[]> {
  const producer = client.producer();
  await producer.connect();
  const values = range(count).map((i) => `${prefix}-${i}`);
  await producer.send({
    topic,
    messages: values.map((value, i) => ({ value, partition: i % partitions })),
  });
  await producer.disconnect();
  return values;
}

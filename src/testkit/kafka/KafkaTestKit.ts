import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';
import { Keep, type Materializer } from '../../core/index.js';
import {
  Consumer,
  ConsumerSettings,
  Deserializers,
  ProducerSettings,
  Serializers,
  Subscriptions,
  type ConsumerRecord,
  type Control,
} from '../../kafka/index.js';
import { EmbeddedKafka, type EmbeddedKafkaOptions } from '../broker/EmbeddedKafka.js';
import { TestSink, type TestSinkProbe } from '../TestSink.js';
import type { StoredOffset } from '../broker/groups/OffsetStore.js';
import { consumerSummary, type ConsumerSummary } from './ConsumerSummary.js';
import { KafkaFaults } from './KafkaFaults.js';
import { readRecords, type ConsumedRecord, type ConsumeOptions } from './readRecords.js';
import { waitUntil, type WaitOptions } from './waitUntil.js';

/** A record to produce: a value alone, or a kafkajs message with its key, partition and headers. */
export type TestRecord = string | Buffer | Message;

/**
 * Alpakka's `KafkaSpec` conveniences on the embedded broker: one broker per spec file, a unique
 * topic, group and transactional id per test, producing and reading records with kafkajs, waiting
 * until a consumer group reaches a state, and fault injection.
 *
 * @example
 * ```ts
 * import { KafkaTestKit } from 'sluice/testkit';
 *
 * const kit = await KafkaTestKit.start();
 * const topic = kit.createTopic(3);
 * await kit.produceString(topic, ['a', 'b', 'c']);
 * const records = await kit.consume(topic, 3);
 * await kit.stop();
 * ```
 */
export class KafkaTestKit {
  /** A kafkajs client on the broker, with logging off. */
  readonly client: Kafka;
  /** Fault injection: failed commits, forced rebalances, fencing, dropped connections. */
  readonly faults: KafkaFaults;
  /** Keeps names unique across kits sharing a broker and across runs on a real one. */
  private readonly runId = randomBytes(3).toString('hex');
  private seq = 0;
  private producer: Promise<Producer> | undefined = undefined;

  private constructor(
    private broker: EmbeddedKafka,
    private readonly options: EmbeddedKafkaOptions,
  ) {
    this.client = new Kafka({
      clientId: 'sluice-testkit',
      brokers: broker.bootstrapServers,
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 50, retries: 8 },
    });
    this.faults = new KafkaFaults(() => this.broker, this.client);
  }

  /** Starts an embedded broker on ephemeral ports of 127.0.0.1 and a kit on it. */
  static async start(options: EmbeddedKafkaOptions = {}): Promise<KafkaTestKit> {
    const withDefaults = { log: () => undefined, ...options };
    return new KafkaTestKit(await EmbeddedKafka.start(withDefaults), withDefaults);
  }

  /** The broker this kit owns; a new instance after {@link restart}. */
  get kafka(): EmbeddedKafka {
    return this.broker;
  }

  /**
   * Stops the broker and starts it again on the same ports and `dataDir`, as a Kafka broker
   * restarts: records, topics, committed offsets and consumer groups (generation, members and
   * their assignments) come back from the directory. Clients see their connections drop and
   * reconnect to the same addresses.
   * @throws RangeError if the kit was started without `dataDir` (nothing would survive), or with
   * several brokers on ephemeral ports (they could not all get their ports back).
   */
  async restart(): Promise<void> {
    const { dataDir, brokers = 1, port = 0 } = this.options;
    if (dataDir === undefined) {
      throw new RangeError('KafkaTestKit: restart needs a dataDir to restart from');
    }
    if (brokers > 1 && port === 0) {
      throw new RangeError('KafkaTestKit: restart of several brokers needs a fixed port');
    }
    const firstPort = Number(this.broker.bootstrapServers[0]?.split(':').at(-1));
    // The kit's idempotent producer is replaced too: its producer id belongs to the old broker.
    await this.disconnectProducer();
    await this.broker.stop();
    this.broker = await EmbeddedKafka.start({ ...this.options, port: firstPort });
  }

  /** `host:port` of every broker. */
  get bootstrapServers(): string[] {
    return this.kafka.bootstrapServers;
  }

  /**
   * Consumer settings for this broker: string keys and values, a unique group id, reading from
   * the earliest offset, kafkajs logging off and short fetch waits. Alpakka's `consumerDefaults`.
   */
  consumerDefaults(): ConsumerSettings<string, string> {
    return ConsumerSettings.create({
      keyDeserializer: Deserializers.string,
      valueDeserializer: Deserializers.string,
    })
      .withBootstrapServers(...this.bootstrapServers)
      .withGroupId(this.createGroupId())
      .withStopTimeout(0)
      .withProperty('autoOffsetReset', 'earliest')
      .withProperty('logLevel', logLevel.NOTHING)
      .withProperty('maxWaitTimeInMs', 50)
      .withProperty('heartbeatInterval', 200);
  }

  /** Producer settings for this broker: string keys and values, kafkajs logging off. */
  producerDefaults(): ProducerSettings<string, string> {
    return ProducerSettings.create({
      keySerializer: Serializers.string,
      valueSerializer: Serializers.string,
    })
      .withBootstrapServers(...this.bootstrapServers)
      .withClientOption('logLevel', logLevel.NOTHING);
  }

  /**
   * `Consumer.plainSource` over `topics` into a `TestSink` probe: Alpakka's `createProbe`. Request
   * records from the probe; stop the consumer with the control.
   */
  createProbe<K, V>(
    settings: ConsumerSettings<K, V>,
    topics: readonly string[],
    materializer?: Materializer,
  ): [Control, TestSinkProbe<ConsumerRecord<K, V>>] {
    return Consumer.plainSource(settings, Subscriptions.topics(...topics))
      .toMat(TestSink.probe<ConsumerRecord<K, V>>(), Keep.both)
      .run(materializer);
  }

  /** A topic name no other test uses: `topic-<suffix>-<n>-<run>`. */
  createTopicName(suffix = 'test'): string {
    return this.uniqueName('topic', suffix);
  }

  /** A consumer group id no other test uses. */
  createGroupId(suffix = 'test'): string {
    return this.uniqueName('group', suffix);
  }

  /** A transactional id no other test uses. */
  createTransactionalId(suffix = 'test'): string {
    return this.uniqueName('transactionalId', suffix);
  }

  /**
   * Creates a topic with a unique name and returns the name.
   * @throws RangeError for a partition count that is not a positive integer.
   */
  createTopic(partitions = 1, configs: Record<string, string> = {}, suffix = 'test'): string {
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new RangeError(
        `KafkaTestKit: partitions must be a positive integer, got ${String(partitions)}`,
      );
    }
    const name = this.createTopicName(suffix);
    this.kafka.createTopic(name, partitions, configs);
    return name;
  }

  /**
   * Produces `records` to `topic` in one request, acknowledged by the broker (to `partition` when
   * given, else by key or round robin), and resolves once they are stored.
   */
  async produce(topic: string, records: Iterable<TestRecord>, partition?: number): Promise<void> {
    const messages: Message[] = [];
    for (const r of records) {
      const m = typeof r === 'string' || Buffer.isBuffer(r) ? { value: r } : r;
      messages.push(partition === undefined ? m : { ...m, partition });
    }
    const producer = await (this.producer ??= this.connectProducer());
    await producer.send({ topic, messages });
  }

  /** Produces each string as a record value: Alpakka's `produceString`. */
  produceString(topic: string, values: Iterable<string>, partition?: number): Promise<void> {
    return this.produce(topic, values, partition);
  }

  /**
   * Reads `count` records of `topic` from the beginning with a kafkajs consumer of its own
   * group, `read_committed` unless told otherwise, and leaves the group. Records are in
   * arrival order (offset order within a partition).
   * @throws Error saying how many arrived when `timeoutMs` (default 10 s) passes first.
   */
  consume(topic: string, count: number, options: ConsumeOptions = {}): Promise<ConsumedRecord[]> {
    return readRecords(this.client, this.createGroupId('reader'), topic, count, options);
  }

  /** Every value stored in `topic` (all partitions, partition by partition), read from the broker's log. */
  storedValues(topic: string, partitions = 1): (string | null)[] {
    const values: (string | null)[] = [];
    for (let p = 0; p < partitions; p++) {
      for (const r of this.kafka.records(topic, p)) values.push(r.value?.toString() ?? null);
    }
    return values;
  }

  /** The offsets `groupId` has committed, sorted by topic and partition. */
  committedOffsets(groupId: string): StoredOffset[] {
    return this.kafka.committedOffsets(groupId);
  }

  /**
   * The sum of `groupId`'s committed offsets over its partitions: how many records it has
   * committed, for topics whose logs start at offset 0 (a fresh topic of the kit's).
   */
  committedRecordCount(groupId: string): number {
    return this.committedOffsets(groupId).reduce((sum, o) => sum + Number(o.offset), 0);
  }

  /** `groupId` as DescribeGroups reports it, with each member's assignment decoded. */
  async describeGroup(groupId: string): Promise<ConsumerSummary> {
    const admin = this.client.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      const group = groups[0];
      if (group === undefined) throw new Error(`KafkaTestKit: no description of group ${groupId}`);
      return consumerSummary(group);
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Waits until `groupId` is in `state` ('Stable', 'Empty', 'PreparingRebalance', …): Alpakka's
   * `waitUntilConsumerGroup`.
   * @throws Error naming the group, the state and the last state seen, after `timeoutMs`.
   */
  async waitUntilGroupState(
    groupId: string,
    state: ConsumerSummary['state'],
    options: WaitOptions = {},
  ): Promise<ConsumerSummary> {
    let last = 'none';
    return waitUntil(
      `group ${groupId} to be ${state}`,
      async () => {
        const summary = await this.describeGroup(groupId);
        last = summary.state;
        return summary.state === state ? summary : undefined;
      },
      options,
    ).catch((err: unknown) => {
      throw new Error(`KafkaTestKit: group ${groupId} did not become ${state}; last: ${last}`, {
        cause: err,
      });
    });
  }

  /**
   * Waits until `groupId` is Stable and `predicate` holds for its members and their partitions:
   * Alpakka's `waitUntilConsumerSummary`.
   * @throws Error naming the group after `timeoutMs`.
   */
  waitUntilConsumerSummary(
    groupId: string,
    predicate: (summary: ConsumerSummary) => boolean,
    options: WaitOptions = {},
  ): Promise<ConsumerSummary> {
    return waitUntil(
      `a consumer summary of group ${groupId}`,
      async () => {
        const summary = await this.describeGroup(groupId);
        return summary.state === 'Stable' && predicate(summary) ? summary : undefined;
      },
      options,
    );
  }

  /** Disconnects the kit's clients and stops the broker. */
  async stop(): Promise<void> {
    await this.disconnectProducer();
    await this.broker.stop();
  }

  private async disconnectProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer !== undefined) await (await producer).disconnect();
  }

  private uniqueName(kind: string, suffix: string): string {
    return `${kind}-${suffix}-${String(++this.seq)}-${this.runId}`;
  }

  private async connectProducer(): Promise<Producer> {
    const producer = this.client.producer({ idempotent: true });
    await producer.connect();
    return producer;
  }
}

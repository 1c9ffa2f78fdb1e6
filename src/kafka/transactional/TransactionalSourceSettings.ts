import type { ConsumerConfig, KafkaConfig } from 'kafkajs';
import { requireNonNegativeDuration, requirePositiveInt } from '../../core/index.js';
import { ConsumerSettings } from '../settings/ConsumerSettings.js';

/** @internal Everything a transactional source stage needs, resolved from the public settings. */
export interface TransactionalSourceConfig<K, V> {
  readonly client: KafkaConfig;
  readonly consumer: ConsumerConfig;
  readonly topics: readonly (string | RegExp)[];
  readonly fromBeginning: boolean;
  readonly deserializeKey: (data: Buffer, topic: string) => K;
  readonly deserializeValue: (data: Buffer | null, topic: string) => V;
  /** How long emitted records may stay uncommitted before the source fails, in ms. */
  readonly commitTimeout: number;
  /** Bound on closing the consumer, in ms. */
  readonly closeTimeout: number;
  /** Batches of different partitions handled at once by kafkajs. */
  readonly partitionsConsumedConcurrently: number;
}

/** Reads a key or value from the bytes Kafka stored (`null` for a null key or a tombstone). */
export interface RecordDeserializer<T> {
  deserialize(data: Buffer | null, topic: string): T;
}

/**
 * What a transactional source reads from its consumer settings: the brokers, the group, the
 * deserializers, where to start without a committed offset, and the time limits.
 */
export interface TransactionalSourceSettings<K, V> {
  readonly bootstrapServers: readonly string[];
  readonly groupId: string;
  readonly clientId?: string;
  readonly keyDeserializer: RecordDeserializer<K>;
  readonly valueDeserializer: RecordDeserializer<V>;
  /** Where a partition without a committed offset starts. Default `'latest'`, as Kafka's. */
  readonly autoOffsetReset?: 'earliest' | 'latest';
  /** How long emitted records may stay uncommitted before the source fails, in ms. Default 15 000. */
  readonly commitTimeout?: number;
  /** Bound on closing the consumer, in ms. Default 20 000. */
  readonly closeTimeout?: number;
  /** Partitions whose batches are handled at once. Default 64. */
  readonly partitionsConsumedConcurrently?: number;
  /** kafkajs client options (logLevel, ssl, sasl, ...). */
  readonly clientOptions?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
  /** kafkajs consumer options (sessionTimeout, maxBytesPerPartition, ...). */
  readonly consumerOptions?: Omit<ConsumerConfig, 'groupId' | 'readUncommitted'>;
}

/**
 * Which topics a transactional source subscribes to, with the group managing the partitions:
 * `Subscriptions.topics(...)` or `Subscriptions.topicPattern(...)`, or a plain `{ topics }`.
 * Manual assignments are not offered: the transaction's offsets belong to a group.
 */
export type TransactionalSubscription =
  { readonly topics: readonly (string | RegExp)[] } | { readonly topicPattern: RegExp };

/**
 * @internal The plain-object form of `ConsumerSettings`: kafkajs options from its properties
 * (`autoOffsetReset` becomes `fromBeginning`; `isolationLevel` is always read_committed here).
 */
function fromConsumerSettings<K, V>(
  name: string,
  settings: ConsumerSettings<K, V>,
): TransactionalSourceSettings<K, V> {
  const {
    autoOffsetReset,
    isolationLevel: _readCommittedAnyway,
    ...kafkajsOptions
  } = settings.properties;
  return {
    bootstrapServers: settings.requireBootstrapServers(name),
    groupId: settings.requireGroupId(name, 'transactions commit the consumed offsets for a group'),
    clientId: settings.clientId,
    keyDeserializer: settings.keyDeserializer,
    valueDeserializer: settings.valueDeserializer,
    autoOffsetReset: autoOffsetReset === 'earliest' ? 'earliest' : 'latest',
    commitTimeout: settings.commitTimeout,
    closeTimeout: settings.closeTimeout,
    clientOptions: kafkajsOptions,
    consumerOptions: kafkajsOptions,
  };
}

/** @internal Checks the settings and builds the stage's configuration. */
export function transactionalSourceConfig<K, V>(
  name: string,
  consumerSettings: ConsumerSettings<K, V> | TransactionalSourceSettings<K, V>,
  subscription: TransactionalSubscription,
): TransactionalSourceConfig<K, V> {
  const settings =
    consumerSettings instanceof ConsumerSettings
      ? fromConsumerSettings(name, consumerSettings)
      : consumerSettings;
  if (settings.bootstrapServers.length === 0) {
    throw new TypeError(`${name}: consumer settings have no bootstrap servers`);
  }
  if (typeof settings.groupId !== 'string' || settings.groupId === '') {
    throw new TypeError(
      `${name}: consumer settings need a group id: transactions commit the consumed offsets for a group`,
    );
  }
  // The transactional consumer runs beside the shared driver, which is what calls listeners:
  // refuse one rather than ignore it.
  if ('rebalanceListener' in subscription && subscription.rebalanceListener !== undefined) {
    throw new TypeError(
      `${name}: a rebalance listener is not supported on transactional sources; the open transaction is committed before partitions move`,
    );
  }
  const topics = 'topics' in subscription ? [...subscription.topics] : [subscription.topicPattern];
  if (topics.length === 0) throw new TypeError(`${name}: the subscription names no topic`);
  const commitTimeout = settings.commitTimeout ?? 15_000;
  requireNonNegativeDuration(name, 'commitTimeout', commitTimeout);
  const closeTimeout = settings.closeTimeout ?? 20_000;
  requireNonNegativeDuration(name, 'closeTimeout', closeTimeout);
  const concurrency = settings.partitionsConsumedConcurrently ?? 64;
  requirePositiveInt(name, 'partitionsConsumedConcurrently', concurrency);
  const keyDeserializer = settings.keyDeserializer;
  const valueDeserializer = settings.valueDeserializer;
  return {
    client: {
      ...settings.clientOptions,
      brokers: [...settings.bootstrapServers],
      clientId: settings.clientId ?? 'sluice-transactional-consumer',
    },
    consumer: { ...settings.consumerOptions, groupId: settings.groupId },
    topics,
    fromBeginning: settings.autoOffsetReset === 'earliest',
    deserializeKey: (data, topic) => keyDeserializer.deserialize(data, topic),
    deserializeValue: (data, topic) => valueDeserializer.deserialize(data, topic),
    commitTimeout,
    closeTimeout,
    partitionsConsumedConcurrently: concurrency,
  };
}

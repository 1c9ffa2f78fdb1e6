import type { ConsumerConfig } from 'kafkajs';
import { requireNonNegativeDuration, requirePositiveInt } from '../../core/index.js';
import type { Deserializer } from '../Deserializers.js';
import type { KafkaClientOptions } from './ProducerSettings.js';
import {
  ConnectionCheckerSettings,
  type ConnectionCheckerOptions,
} from './ConnectionCheckerSettings.js';

/**
 * Consumer properties passed to kafkajs by {@link ConsumerSettings.withProperty}: every kafkajs
 * client and consumer option, plus Kafka's `autoOffsetReset` and `isolationLevel`, which sluice
 * translates (kafkajs spells them `fromBeginning` and `readUncommitted`).
 */
export type ConsumerProperties = KafkaClientOptions &
  Omit<ConsumerConfig, 'groupId' | 'readUncommitted'> & {
    /** Where a partition without a committed offset starts. Default `'latest'`, as Kafka's. */
    autoOffsetReset?: 'earliest' | 'latest' | 'none';
    /** Whether records of open or aborted transactions are read. Default `'read_uncommitted'`. */
    isolationLevel?: 'read_uncommitted' | 'read_committed';
  };

/**
 * What a source does with a record its deserializer refuses (a poison record): `'fail'` fails
 * the stream with a `KafkaRecordError` (the default), `'skip'` drops it (its offset is still
 * committed with the next record's), `{ deadLetterTopic }` produces its raw bytes there with the
 * error in the headers `sluice.error`, `sluice.topic`, `sluice.partition` and `sluice.offset`,
 * then drops it.
 */
export type PoisonRecordHandling = 'fail' | 'skip' | { readonly deadLetterTopic: string };

/** Every field of {@link ConsumerSettings}, for the object form of {@link ConsumerSettings.create}. */
export interface ConsumerSettingsOptions<K, V> {
  readonly keyDeserializer: Deserializer<K>;
  readonly valueDeserializer: Deserializer<V>;
  /** `host:port` of one or more brokers. Required before a source runs. */
  readonly bootstrapServers?: readonly string[];
  /** The consumer group; required by group subscriptions and by commits. */
  readonly groupId?: string;
  /** The kafkajs client id. Default `'sluice-consumer'`. */
  readonly clientId?: string;
  /** kafkajs client and consumer options, `autoOffsetReset` and `isolationLevel`. */
  readonly properties?: ConsumerProperties;
  /** Longest wait of a fetch for new records, ms (kafkajs `maxWaitTimeInMs`). Default 50. */
  readonly pollTimeout?: number;
  /** Delay before asking again after an empty fetch, ms. Default 50. */
  readonly pollInterval?: number;
  /** How long the consumer stays for late commits after `stop`/`shutdown`, ms. Default 30 000. */
  readonly stopTimeout?: number;
  /** Bound on closing the kafkajs consumer, ms. Default 20 000. */
  readonly closeTimeout?: number;
  /** A commit failing to complete in this time fails with `CommitTimeoutError`, ms. Default 15 000. */
  readonly commitTimeout?: number;
  /** A commit slower than this logs a warning, ms. Default 1 000. */
  readonly commitTimeWarning?: number;
  /** A rebalance listener slower than this logs a warning, ms. Default 5 000. */
  readonly partitionHandlerWarning?: number;
  /** Grace period before sub-sources of revoked partitions complete, ms. Default 500. */
  readonly waitClosePartition?: number;
  /** Bound on `assignmentOffsetsForTimes` lookups, ms. Default 5 000. */
  readonly offsetForTimesTimeout?: number;
  /** Bound on metadata requests, the connection checker's included, ms. Default 5 000. */
  readonly metadataRequestTimeout?: number;
  /** How a transactional source polls while draining on revoke, ms. Default 30. */
  readonly drainingCheckInterval?: number;
  /** Detecting a broker that went away. Default enabled: 3 retries every 15 s, factor 2. */
  readonly connectionChecker?: ConnectionCheckerOptions;
  /** What to do with records the deserializers refuse. Default `'fail'`. */
  readonly poisonRecords?: PoisonRecordHandling;
}

/**
 * Everything a consumer source needs: deserializers, brokers, group, kafkajs options and the
 * time limits, with Alpakka's names and defaults. Immutable: every `with*` method returns a new
 * instance, and a bad value fails at once, naming the setting.
 *
 * Differences from Alpakka: the connection checker is on by default (a consumer of an unreachable
 * broker would otherwise wait forever, akka/alpakka-kafka#674), and poison-record handling is a
 * setting.
 *
 * @example
 * ```ts
 * import { ConsumerSettings, Deserializers } from 'sluice/kafka';
 *
 * const settings = ConsumerSettings.create({
 *   keyDeserializer: Deserializers.string,
 *   valueDeserializer: Deserializers.json<{ id: string }>(),
 * })
 *   .withBootstrapServers('localhost:9092')
 *   .withGroupId('billing')
 *   .withProperty('autoOffsetReset', 'earliest');
 * ```
 */
export class ConsumerSettings<K, V> {
  readonly keyDeserializer: Deserializer<K>;
  readonly valueDeserializer: Deserializer<V>;
  /** `host:port` of one or more brokers; empty until set. */
  readonly bootstrapServers: readonly string[];
  /** The consumer group, or `undefined` for manual assignments without commits. */
  readonly groupId: string | undefined;
  readonly clientId: string;
  /** kafkajs options, `autoOffsetReset` and `isolationLevel`. */
  readonly properties: Readonly<ConsumerProperties>;
  readonly pollTimeout: number;
  readonly pollInterval: number;
  readonly stopTimeout: number;
  readonly closeTimeout: number;
  readonly commitTimeout: number;
  readonly commitTimeWarning: number;
  readonly partitionHandlerWarning: number;
  readonly waitClosePartition: number;
  readonly offsetForTimesTimeout: number;
  readonly metadataRequestTimeout: number;
  readonly drainingCheckInterval: number;
  readonly connectionChecker: ConnectionCheckerSettings;
  readonly poisonRecords: PoisonRecordHandling;

  private constructor(o: ConsumerSettingsOptions<K, V>) {
    requireDeserializer('keyDeserializer', o.keyDeserializer);
    requireDeserializer('valueDeserializer', o.valueDeserializer);
    const servers = o.bootstrapServers ?? [];
    for (const s of servers) {
      if (typeof s !== 'string' || !/^[^\s:]+:\d+$/.test(s)) {
        throw new TypeError(
          `ConsumerSettings: bootstrapServers must be 'host:port' strings, got ${JSON.stringify(s)}`,
        );
      }
    }
    if (o.groupId !== undefined && (typeof o.groupId !== 'string' || o.groupId === '')) {
      throw new TypeError(
        `ConsumerSettings: groupId must be a non-empty string, got ${JSON.stringify(o.groupId)}`,
      );
    }
    const clientId = o.clientId ?? 'sluice-consumer';
    if (typeof clientId !== 'string' || clientId === '') {
      throw new TypeError(
        `ConsumerSettings: clientId must be a non-empty string, got ${JSON.stringify(clientId)}`,
      );
    }
    const properties = { ...o.properties };
    checkProperties(properties);
    this.keyDeserializer = o.keyDeserializer;
    this.valueDeserializer = o.valueDeserializer;
    this.bootstrapServers = Object.freeze([...servers]);
    this.groupId = o.groupId;
    this.clientId = clientId;
    this.properties = Object.freeze(properties);
    this.pollTimeout = duration('pollTimeout', o.pollTimeout, 50);
    this.pollInterval = duration('pollInterval', o.pollInterval, 50);
    this.stopTimeout = duration('stopTimeout', o.stopTimeout, 30_000);
    this.closeTimeout = duration('closeTimeout', o.closeTimeout, 20_000);
    this.commitTimeout = positiveDuration('commitTimeout', o.commitTimeout, 15_000);
    this.commitTimeWarning = duration('commitTimeWarning', o.commitTimeWarning, 1_000);
    this.partitionHandlerWarning = duration(
      'partitionHandlerWarning',
      o.partitionHandlerWarning,
      5_000,
    );
    this.waitClosePartition = duration('waitClosePartition', o.waitClosePartition, 500);
    this.offsetForTimesTimeout = positiveDuration(
      'offsetForTimesTimeout',
      o.offsetForTimesTimeout,
      5_000,
    );
    this.metadataRequestTimeout = positiveDuration(
      'metadataRequestTimeout',
      o.metadataRequestTimeout,
      5_000,
    );
    this.drainingCheckInterval = positiveDuration(
      'drainingCheckInterval',
      o.drainingCheckInterval,
      30,
    );
    this.connectionChecker = ConnectionCheckerSettings.create(o.connectionChecker);
    this.poisonRecords = checkPoison(o.poisonRecords ?? 'fail');
    Object.freeze(this);
  }

  /**
   * Settings with the given deserializers and, optionally, every other field.
   * @throws RangeError or TypeError naming the first bad setting.
   */
  static create<K, V>(options: ConsumerSettingsOptions<K, V>): ConsumerSettings<K, V> {
    return new ConsumerSettings(options);
  }

  /** All fields, for building a changed copy. */
  toOptions(): ConsumerSettingsOptions<K, V> {
    return {
      keyDeserializer: this.keyDeserializer,
      valueDeserializer: this.valueDeserializer,
      bootstrapServers: this.bootstrapServers,
      ...(this.groupId === undefined ? {} : { groupId: this.groupId }),
      clientId: this.clientId,
      properties: this.properties,
      pollTimeout: this.pollTimeout,
      pollInterval: this.pollInterval,
      stopTimeout: this.stopTimeout,
      closeTimeout: this.closeTimeout,
      commitTimeout: this.commitTimeout,
      commitTimeWarning: this.commitTimeWarning,
      partitionHandlerWarning: this.partitionHandlerWarning,
      waitClosePartition: this.waitClosePartition,
      offsetForTimesTimeout: this.offsetForTimesTimeout,
      metadataRequestTimeout: this.metadataRequestTimeout,
      drainingCheckInterval: this.drainingCheckInterval,
      connectionChecker: this.connectionChecker,
      poisonRecords: this.poisonRecords,
    };
  }

  private with(change: Partial<ConsumerSettingsOptions<K, V>>): ConsumerSettings<K, V> {
    return new ConsumerSettings({ ...this.toOptions(), ...change });
  }

  /** Brokers to bootstrap from: `'host:port'` strings, or one comma-separated string. */
  withBootstrapServers(...servers: string[]): ConsumerSettings<K, V> {
    return this.with({
      bootstrapServers: servers.flatMap((s) => s.split(',').map((x) => x.trim())),
    });
  }
  /** The consumer group. */
  withGroupId(groupId: string): ConsumerSettings<K, V> {
    return this.with({ groupId });
  }
  /** The kafkajs client id. */
  withClientId(clientId: string): ConsumerSettings<K, V> {
    return this.with({ clientId });
  }
  /**
   * One consumer property: a kafkajs client or consumer option (`sessionTimeout`,
   * `maxBytesPerPartition`, `logLevel`, ...), or `autoOffsetReset` / `isolationLevel`.
   * @throws TypeError for a value the property does not take.
   */
  withProperty<N extends keyof ConsumerProperties>(
    name: N,
    value: ConsumerProperties[N],
  ): ConsumerSettings<K, V> {
    return this.with({ properties: { ...this.properties, [name]: value } });
  }
  /** Several consumer properties at once, added to those already set. */
  withProperties(properties: ConsumerProperties): ConsumerSettings<K, V> {
    return this.with({ properties: { ...this.properties, ...properties } });
  }
  /** A new key deserializer. */
  withKeyDeserializer<K2>(keyDeserializer: Deserializer<K2>): ConsumerSettings<K2, V> {
    return new ConsumerSettings({ ...this.toOptions(), keyDeserializer });
  }
  /** A new value deserializer. */
  withValueDeserializer<V2>(valueDeserializer: Deserializer<V2>): ConsumerSettings<K, V2> {
    return new ConsumerSettings({ ...this.toOptions(), valueDeserializer });
  }
  /** Longest wait of one fetch, ms. */
  withPollTimeout(ms: number): ConsumerSettings<K, V> {
    return this.with({ pollTimeout: ms });
  }
  /** Delay before fetching again after an empty fetch, ms. */
  withPollInterval(ms: number): ConsumerSettings<K, V> {
    return this.with({ pollInterval: ms });
  }
  /** How long the consumer stays after stop/shutdown for late commits, ms (0 with DrainingControl). */
  withStopTimeout(ms: number): ConsumerSettings<K, V> {
    return this.with({ stopTimeout: ms });
  }
  /** Bound on closing the consumer, ms. */
  withCloseTimeout(ms: number): ConsumerSettings<K, V> {
    return this.with({ closeTimeout: ms });
  }
  /** Bound on one commit, ms; must be positive. */
  withCommitTimeout(ms: number): ConsumerSettings<K, V> {
    return this.with({ commitTimeout: ms });
  }
  /** A commit slower than this logs a warning, ms. */
  withCommitWarning(ms: number): ConsumerSettings<K, V> {
    return this.with({ commitTimeWarning: ms });
  }
  /** A rebalance listener slower than this logs a warning, ms. */
  withPartitionHandlerWarning(ms: number): ConsumerSettings<K, V> {
    return this.with({ partitionHandlerWarning: ms });
  }
  /** Grace period before sub-sources of revoked partitions complete, ms. */
  withWaitClosePartition(ms: number): ConsumerSettings<K, V> {
    return this.with({ waitClosePartition: ms });
  }
  /** Bound on offsets-for-times lookups, ms. */
  withOffsetForTimesTimeout(ms: number): ConsumerSettings<K, V> {
    return this.with({ offsetForTimesTimeout: ms });
  }
  /** Bound on metadata requests, ms. */
  withMetadataRequestTimeout(ms: number): ConsumerSettings<K, V> {
    return this.with({ metadataRequestTimeout: ms });
  }
  /** How a transactional source polls while draining on revoke, ms. */
  withDrainingCheckInterval(ms: number): ConsumerSettings<K, V> {
    return this.with({ drainingCheckInterval: ms });
  }
  /** How a broker that went away is detected. */
  withConnectionChecker(options: ConnectionCheckerOptions): ConsumerSettings<K, V> {
    return this.with({ connectionChecker: options });
  }
  /** What to do with a record the deserializers refuse. */
  withPoisonRecords(handling: PoisonRecordHandling): ConsumerSettings<K, V> {
    return this.with({ poisonRecords: handling });
  }

  /** @internal The bootstrap servers, or an error naming the stage that needs them. */
  requireBootstrapServers(stage: string): string[] {
    if (this.bootstrapServers.length === 0) {
      throw new TypeError(
        `${stage}: consumer settings have no bootstrap servers; call withBootstrapServers('host:port')`,
      );
    }
    return [...this.bootstrapServers];
  }

  /** @internal The group id, or an error naming the stage that needs one. */
  requireGroupId(stage: string, why: string): string {
    if (this.groupId === undefined) {
      throw new TypeError(
        `${stage}: consumer settings have no group id (${why}); call withGroupId`,
      );
    }
    return this.groupId;
  }
}

function requireDeserializer(name: string, d: unknown): void {
  if (
    typeof d !== 'object' ||
    d === null ||
    typeof (d as { deserialize?: unknown }).deserialize !== 'function'
  ) {
    throw new TypeError(`ConsumerSettings: ${name} must have a deserialize function`);
  }
}

function duration(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  requireNonNegativeDuration('ConsumerSettings', name, v);
  return v;
}

function positiveDuration(name: string, value: number | undefined, fallback: number): number {
  const v = duration(name, value, fallback);
  if (v === 0) throw new RangeError(`ConsumerSettings: ${name} must be positive, got 0`);
  return v;
}

function checkProperties(p: ConsumerProperties): void {
  const reset = p.autoOffsetReset;
  if (
    reset !== undefined &&
    !(['earliest', 'latest', 'none'] as readonly string[]).includes(reset)
  ) {
    throw new TypeError(
      `ConsumerSettings: autoOffsetReset must be 'earliest', 'latest' or 'none', got ${JSON.stringify(reset)}`,
    );
  }
  const iso = p.isolationLevel;
  if (
    iso !== undefined &&
    !(['read_uncommitted', 'read_committed'] as readonly string[]).includes(iso)
  ) {
    throw new TypeError(
      `ConsumerSettings: isolationLevel must be 'read_uncommitted' or 'read_committed', got ${JSON.stringify(iso)}`,
    );
  }
  for (const name of ['sessionTimeout', 'rebalanceTimeout', 'heartbeatInterval'] as const) {
    const v = p[name];
    if (v !== undefined) requirePositiveInt('ConsumerSettings', name, v);
  }
  const bytes = p.maxBytesPerPartition;
  if (bytes !== undefined) requirePositiveInt('ConsumerSettings', 'maxBytesPerPartition', bytes);
}

function checkPoison(h: PoisonRecordHandling): PoisonRecordHandling {
  if (h === 'fail' || h === 'skip') return h;
  if (typeof h === 'object' && typeof h.deadLetterTopic === 'string' && h.deadLetterTopic !== '') {
    return Object.freeze({ deadLetterTopic: h.deadLetterTopic });
  }
  throw new TypeError(
    `ConsumerSettings: poisonRecords must be 'fail', 'skip' or { deadLetterTopic }, got ${JSON.stringify(h)}`,
  );
}

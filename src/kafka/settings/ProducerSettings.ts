import type { CompressionTypes, KafkaConfig, ProducerConfig } from 'kafkajs';
import { requireNonNegativeDuration, requirePositiveInt } from '../../core/index.js';
import type { Serializer } from '../Serializers.js';

/** kafkajs client options other than the brokers and client id, which have their own setters. */
export type KafkaClientOptions = Omit<KafkaConfig, 'brokers' | 'clientId'>;

/**
 * kafkajs producer options passed through. `idempotent` and `transactionalId` have their own
 * setters and the transactional stages set them, so they are left out here.
 */
export type ProducerClientOptions = Omit<ProducerConfig, 'idempotent' | 'transactionalId'>;

/** Every field of {@link ProducerSettings}, for the object form of {@link ProducerSettings.create}. */
export interface ProducerSettingsOptions<K, V> {
  /** Serializes record keys. */
  readonly keySerializer: Serializer<K>;
  /** Serializes record values. */
  readonly valueSerializer: Serializer<V>;
  /** `host:port` of one or more brokers. Required before a stage runs. */
  readonly bootstrapServers?: readonly string[];
  /** The kafkajs client id. Default `'sluice-producer'`. */
  readonly clientId?: string;
  /** Envelopes in flight (sent, not yet acknowledged) per stage. Default 100. */
  readonly parallelism?: number;
  /** Bound on closing the producer, in ms. Default 60 000. */
  readonly closeTimeout?: number;
  /** How often a transactional stage commits, in ms. Default 100. */
  readonly eosCommitInterval?: number;
  /** Whether the producer is idempotent (no duplicates from its own retries). Default true. */
  readonly idempotent?: boolean;
  /** Compression of produced batches. Default none. */
  readonly compression?: CompressionTypes;
  /** kafkajs client options (ssl, sasl, logLevel, retry, timeouts, ...). */
  readonly clientOptions?: KafkaClientOptions;
  /** kafkajs producer options (transactionTimeout, maxInFlightRequests, createPartitioner, ...). */
  readonly producerOptions?: ProducerClientOptions;
}

/**
 * Everything a producer stage needs: serializers, brokers, the bound on sends in flight and the
 * kafkajs options. Immutable: every `with*` method returns a new instance. Bad values fail at
 * once, naming the setting.
 *
 * Defaults differ from Alpakka's where JavaScript differs: `parallelism` is 100, not 10 000, because
 * kafkajs builds one request per `send` call and holds every message of it in memory; 100 envelopes
 * in flight keep the connection busy (the stage sends all messages queued in one turn as one
 * batch) while bounding memory. The producer is idempotent by default, as kafka-clients 3+ is.
 *
 * @example
 * ```ts
 * import { ProducerSettings, Serializers } from 'sluice/kafka';
 *
 * const settings = ProducerSettings.create({
 *   keySerializer: Serializers.string,
 *   valueSerializer: Serializers.string,
 * })
 *   .withBootstrapServers('localhost:9092')
 *   .withParallelism(500)
 *   .withProducerOption('transactionTimeout', 30_000);
 * ```
 */
export class ProducerSettings<K, V> {
  /** Serializes record keys. */
  readonly keySerializer: Serializer<K>;
  /** Serializes record values. */
  readonly valueSerializer: Serializer<V>;
  /** `host:port` of one or more brokers; empty until set. */
  readonly bootstrapServers: readonly string[];
  /** The kafkajs client id. */
  readonly clientId: string;
  /** Envelopes in flight (sent, not yet acknowledged) per stage. */
  readonly parallelism: number;
  /** Bound on closing the producer, in ms. */
  readonly closeTimeout: number;
  /** How often a transactional stage commits, in ms. */
  readonly eosCommitInterval: number;
  /** Whether the producer is idempotent. Transactional stages force it on. */
  readonly idempotent: boolean;
  /** Compression of produced batches; `undefined` for none. */
  readonly compression: CompressionTypes | undefined;
  /** kafkajs client options. */
  readonly clientOptions: KafkaClientOptions;
  /** kafkajs producer options. */
  readonly producerOptions: ProducerClientOptions;

  private constructor(options: ProducerSettingsOptions<K, V>) {
    if (typeof options.keySerializer.serialize !== 'function') {
      throw new TypeError('ProducerSettings: keySerializer must have a serialize function');
    }
    if (typeof options.valueSerializer.serialize !== 'function') {
      throw new TypeError('ProducerSettings: valueSerializer must have a serialize function');
    }
    const servers = options.bootstrapServers ?? [];
    for (const s of servers) {
      if (typeof s !== 'string' || !/^(\[[^\]\s]+\]|[^\s:]+):\d+$/.test(s)) {
        throw new TypeError(
          `ProducerSettings: bootstrapServers must be 'host:port' strings, got ${JSON.stringify(s)}`,
        );
      }
    }
    const clientId = options.clientId ?? 'sluice-producer';
    if (typeof clientId !== 'string' || clientId === '') {
      throw new TypeError(
        `ProducerSettings: clientId must be a non-empty string, got ${JSON.stringify(clientId)}`,
      );
    }
    const parallelism = options.parallelism ?? 100;
    requirePositiveInt('ProducerSettings', 'parallelism', parallelism);
    const closeTimeout = options.closeTimeout ?? 60_000;
    requireNonNegativeDuration('ProducerSettings', 'closeTimeout', closeTimeout);
    const eosCommitInterval = options.eosCommitInterval ?? 100;
    requireNonNegativeDuration('ProducerSettings', 'eosCommitInterval', eosCommitInterval);
    if (eosCommitInterval === 0) {
      throw new RangeError('ProducerSettings: eosCommitInterval must be positive, got 0');
    }
    this.keySerializer = options.keySerializer;
    this.valueSerializer = options.valueSerializer;
    this.bootstrapServers = Object.freeze([...servers]);
    this.clientId = clientId;
    this.parallelism = parallelism;
    this.closeTimeout = closeTimeout;
    this.eosCommitInterval = eosCommitInterval;
    this.idempotent = options.idempotent ?? true;
    this.compression = options.compression;
    this.clientOptions = Object.freeze({ ...options.clientOptions });
    this.producerOptions = Object.freeze({ ...options.producerOptions });
    Object.freeze(this);
  }

  /**
   * Settings with the given serializers and, optionally, any other field.
   * @throws RangeError or TypeError naming the first bad setting.
   */
  static create<K, V>(options: ProducerSettingsOptions<K, V>): ProducerSettings<K, V> {
    return new ProducerSettings(options);
  }

  /** All fields, for building a changed copy. */
  toOptions(): ProducerSettingsOptions<K, V> {
    return {
      keySerializer: this.keySerializer,
      valueSerializer: this.valueSerializer,
      bootstrapServers: this.bootstrapServers,
      clientId: this.clientId,
      parallelism: this.parallelism,
      closeTimeout: this.closeTimeout,
      eosCommitInterval: this.eosCommitInterval,
      idempotent: this.idempotent,
      ...(this.compression === undefined ? {} : { compression: this.compression }),
      clientOptions: this.clientOptions,
      producerOptions: this.producerOptions,
    };
  }

  private with(change: Partial<ProducerSettingsOptions<K, V>>): ProducerSettings<K, V> {
    return new ProducerSettings({ ...this.toOptions(), ...change });
  }

  /** Brokers to bootstrap from: `'host:port'` strings, or one comma-separated string. */
  withBootstrapServers(...servers: string[]): ProducerSettings<K, V> {
    return this.with({
      bootstrapServers: servers.flatMap((s) => s.split(',').map((x) => x.trim())),
    });
  }
  /** The kafkajs client id. */
  withClientId(clientId: string): ProducerSettings<K, V> {
    return this.with({ clientId });
  }
  /** Envelopes in flight per stage; must be a positive integer. */
  withParallelism(parallelism: number): ProducerSettings<K, V> {
    return this.with({ parallelism });
  }
  /** Bound on closing the producer, in ms. */
  withCloseTimeout(ms: number): ProducerSettings<K, V> {
    return this.with({ closeTimeout: ms });
  }
  /** How often a transactional stage commits, in ms; must be positive. */
  withEosCommitInterval(ms: number): ProducerSettings<K, V> {
    return this.with({ eosCommitInterval: ms });
  }
  /** Whether the producer is idempotent (ignored by transactional stages, which need it). */
  withIdempotent(idempotent: boolean): ProducerSettings<K, V> {
    return this.with({ idempotent });
  }
  /** Compression of produced batches. */
  withCompression(compression: CompressionTypes): ProducerSettings<K, V> {
    return this.with({ compression });
  }
  /** A new key serializer. */
  withKeySerializer<K2>(keySerializer: Serializer<K2>): ProducerSettings<K2, V> {
    return new ProducerSettings({ ...this.toOptions(), keySerializer });
  }
  /** A new value serializer. */
  withValueSerializer<V2>(valueSerializer: Serializer<V2>): ProducerSettings<K, V2> {
    return new ProducerSettings({ ...this.toOptions(), valueSerializer });
  }
  /** One kafkajs client option (`logLevel`, `ssl`, `sasl`, `requestTimeout`, ...). */
  withClientOption<N extends keyof KafkaClientOptions>(
    name: N,
    value: KafkaClientOptions[N],
  ): ProducerSettings<K, V> {
    return this.with({ clientOptions: { ...this.clientOptions, [name]: value } });
  }
  /** One kafkajs producer option (`transactionTimeout`, `retry`, `createPartitioner`, ...). */
  withProducerOption<N extends keyof ProducerClientOptions>(
    name: N,
    value: ProducerClientOptions[N],
  ): ProducerSettings<K, V> {
    return this.with({ producerOptions: { ...this.producerOptions, [name]: value } });
  }

  /**
   * The bootstrap servers, or an error naming the stage that needs them.
   * @internal
   */
  requireBootstrapServers(stage: string): string[] {
    if (this.bootstrapServers.length === 0) {
      throw new TypeError(
        `${stage}: producer settings have no bootstrap servers; call withBootstrapServers('host:port')`,
      );
    }
    return [...this.bootstrapServers];
  }
}

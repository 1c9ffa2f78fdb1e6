/**
 * The embedded Kafka-protocol broker: one or more listeners in this process that unmodified
 * kafkajs and librdkafka clients (kcat) talk to over TCP, with test hooks for topics,
 * stored records and fault injection.
 */
import { loadApiRegistry } from './api/registry.js';
import { Cluster } from './Cluster.js';
import type { GroupCoordinatorOptions } from './groups/GroupCoordinator.js';
import { configureGroups, groupCoordinatorOf } from './groups/groupCoordinatorKey.js';
import type { StoredOffset } from './groups/OffsetStore.js';
import type { KafkaRecord } from './protocol/recordBatch.js';
import { BrokerServer } from './server.js';
import { DiskStore } from './storage.js';

/** Options of {@link EmbeddedKafka.start}. */
export interface EmbeddedKafkaOptions {
  /** Port of broker 0; broker i listens on port + i. Default 0: ephemeral ports. */
  readonly port?: number;
  /** Number of brokers (listeners) sharing one cluster state. Default 1. */
  readonly brokers?: number;
  /** Partitions of auto-created topics and of `createTopic` without a count. Default 1. */
  readonly defaultPartitions?: number;
  /** Whether Metadata requests create missing topics. Default true. */
  readonly autoCreateTopics?: boolean;
  /** Directory for one append-only log file per partition; data survives a restart. */
  readonly dataDir?: string;
  /** Address to listen on and advertise. Default 127.0.0.1. */
  readonly host?: string;
  /** Log sink for malformed requests and handler failures. Default: `console.warn`. */
  readonly log?: (line: string) => void;
  /**
   * How often the retention check deletes closed segments past retention.ms or
   * retention.bytes (Kafka's `log.retention.check.interval.ms`). Default 300000 (5 minutes);
   * tests call {@link EmbeddedKafka.runRetentionCheck} instead of waiting.
   */
  readonly retentionCheckIntervalMs?: number;
  /**
   * Group coordinator settings (session timeout bounds, initial rebalance delay, …); Kafka's
   * defaults otherwise, except an initial rebalance delay of 0.
   */
  readonly groups?: GroupCoordinatorOptions;
}

/**
 * An in-process Kafka cluster for tests.
 *
 * @example
 * ```ts
 * const kafka = await EmbeddedKafka.start({ brokers: 3 });
 * const client = new Kafka({ brokers: kafka.bootstrapServers });
 * // … produce and consume …
 * await kafka.stop();
 * ```
 */
export class EmbeddedKafka {
  private retentionTimer: NodeJS.Timeout | undefined;
  private isStopped = false;

  private constructor(
    /** The shared broker state; for tests that need more than the hooks below. */
    readonly cluster: Cluster,
    private readonly servers: readonly BrokerServer[],
  ) {}

  /**
   * Starts the brokers and resolves once every listener is bound.
   * @throws RangeError for a non-positive broker or partition count.
   */
  static async start(options: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
    const brokers = options.brokers ?? 1;
    const defaultPartitions = options.defaultPartitions ?? 1;
    if (!Number.isInteger(brokers) || brokers < 1) {
      throw new RangeError(`EmbeddedKafka: brokers must be a positive integer, got ${brokers}`);
    }
    if (!Number.isInteger(defaultPartitions) || defaultPartitions < 1) {
      throw new RangeError(
        `EmbeddedKafka: defaultPartitions must be a positive integer, got ${defaultPartitions}`,
      );
    }
    const apis = await loadApiRegistry();
    const cluster = new Cluster({
      brokers,
      host: options.host ?? '127.0.0.1',
      defaultPartitions,
      autoCreateTopics: options.autoCreateTopics ?? true,
      now: () => Date.now(),
      log:
        options.log ??
        ((line) => {
          console.warn(line);
        }),
    });
    if (options.groups !== undefined) configureGroups(cluster, options.groups);
    if (options.dataDir !== undefined) DiskStore.attach(cluster, options.dataDir);
    const basePort = options.port ?? 0;
    for (const node of cluster.brokers) node.port = basePort === 0 ? 0 : basePort + node.id;
    const servers = cluster.brokers.map((node) => new BrokerServer(node, cluster, apis));
    const kafka = new EmbeddedKafka(cluster, servers);
    try {
      for (const s of servers) await s.start();
    } catch (err) {
      await kafka.stop();
      throw err;
    }
    kafka.retentionTimer = setInterval(() => {
      cluster.applyRetention();
    }, options.retentionCheckIntervalMs ?? 300_000);
    kafka.retentionTimer.unref();
    return kafka;
  }

  /** `host:port` of every broker, for a client's `brokers` / `bootstrap.servers`. */
  get bootstrapServers(): string[] {
    return this.cluster.brokers.map((b) => `${b.host}:${b.port}`);
  }

  /**
   * Creates a topic.
   * @throws Error naming the Kafka error if it exists or the arguments are invalid.
   */
  createTopic(name: string, partitions?: number, configs: Record<string, string> = {}): void {
    const result = this.cluster.createTopic(name, {
      partitions: partitions ?? -1,
      configs: new Map(Object.entries(configs)),
    });
    if (result.errorCode !== 0) {
      throw new Error(`EmbeddedKafka: cannot create topic '${name}': ${result.message ?? ''}`);
    }
  }

  /**
   * Every record stored in `topic/partition` from the log start on, transaction markers
   * excluded (records of aborted transactions included).
   * @throws Error if the partition does not exist.
   */
  records(topic: string, partition: number): KafkaRecord[] {
    const p = this.cluster.partition(topic, partition);
    if (p === undefined) {
      throw new Error(`EmbeddedKafka: cannot read ${topic}/${partition}: no such partition`);
    }
    return p.records();
  }

  /**
   * The offsets `groupId` has committed (OffsetCommit, and TxnOffsetCommit once its
   * transaction committed), sorted by topic and partition; empty for an unknown group.
   */
  committedOffsets(groupId: string): StoredOffset[] {
    return groupCoordinatorOf(this.cluster).committedOffsets(groupId);
  }

  /**
   * Runs the periodic retention check now, as if the broker clock read `now` (default: the
   * real time): each partition's closed segments whose newest timestamp is more than
   * retention.ms before `now`, then its oldest closed segments beyond retention.bytes, are
   * deleted and the log start moves past them. The active segment is always kept.
   */
  runRetentionCheck(now?: number): void {
    this.cluster.applyRetention(now);
  }

  /** Answers the next `count` requests of `apiKey`, on any broker, with `errorCode`. */
  failNext(apiKey: number, errorCode: number, count = 1): void {
    this.cluster.faults.failNext(apiKey, errorCode, count);
  }

  /**
   * Handles the next `count` requests of `apiKey` and then closes their connection instead of
   * answering: the client loses the answer, though the broker acted on the request.
   */
  dropAfterNext(apiKey: number, count = 1): void {
    this.cluster.faults.dropAfterNext(apiKey, count);
  }

  /** Holds every response to `apiKey` back by `ms` after it is computed; 0 removes it. */
  delayResponses(apiKey: number, ms: number): void {
    this.cluster.faults.delayResponses(apiKey, ms);
  }

  /** Closes every client connection on every broker; clients reconnect. */
  dropConnections(): void {
    for (const s of this.servers) s.dropConnections();
  }

  /**
   * Stops one broker's listener. Its partitions move to the next live replica, and it
   * leaves Metadata until {@link restartBroker}.
   * @throws RangeError for an unknown broker id.
   */
  async stopBroker(id: number): Promise<void> {
    await this.server(id).stop();
  }

  /** Restarts a stopped broker on its previous port; it leads its preferred partitions again. */
  async restartBroker(id: number): Promise<void> {
    await this.server(id).start();
  }

  private server(id: number): BrokerServer {
    const s = this.servers[id];
    if (s === undefined) {
      throw new RangeError(
        `EmbeddedKafka: no broker ${id}: broker ids are 0..${this.servers.length - 1}`,
      );
    }
    return s;
  }

  /** Closes every listener, connection and timer, and flushes the data directory. */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    clearInterval(this.retentionTimer);
    await Promise.all(this.servers.map((s) => s.stop()));
    this.cluster.close();
  }
}

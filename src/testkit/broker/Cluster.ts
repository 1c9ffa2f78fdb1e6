/**
 * The whole broker state: broker nodes, topics and their partition logs, producer ids,
 * the transaction coordinator, fault injection and per-cluster extensions (the group
 * coordinator lives in one). Everything here is synchronous; handlers read and mutate it
 * between awaits, never across one.
 */
import { ErrorCode } from './errors.js';
import { Faults } from './faults.js';
import type { PartitionLog } from './PartitionLog.js';
import {
  checkConfigs,
  checkNewPartitions,
  fail,
  OK,
  planTopic,
  type ChangeResult,
  type TopicSpec,
} from './topicAdmin.js';
import { Topic } from './topics.js';
import { Transactions } from './transactions.js';

export { MAX_PARTITIONS, type ChangeResult, type TopicSpec } from './topicAdmin.js';

/** One broker of the cluster; its listener is a `BrokerServer`. */
export interface BrokerNode {
  readonly id: number;
  readonly host: string;
  /** Listening port; assigned when the listener first binds (port 0 = ephemeral). */
  port: number;
  /** False between `stopBroker` and `restartBroker`: it leads nothing and is not listed. */
  isUp: boolean;
}

export interface ClusterOptions {
  readonly brokers: number;
  readonly host: string;
  readonly defaultPartitions: number;
  readonly autoCreateTopics: boolean;
  /** Clock for timestamps, retention and transaction timeouts. */
  readonly now: () => number;
  /** Sink for broker log lines (malformed frames, handler failures). */
  readonly log: (line: string) => void;
}

/**
 * A typed slot for per-cluster state owned by another module. `create` runs on first use
 * and `close` when the cluster stops, so timers the state owns are cleared.
 */
export interface ExtensionKey<T> {
  readonly name: string;
  create(cluster: Cluster): T;
  close?(value: T): void;
}

/** Hooks for storing topics and partition logs on disk; see `storage.ts`. */
export interface ClusterStore {
  /** The data directory, where extensions keep their own files (group offsets). */
  readonly dataDir: string;
  saveTopics(cluster: Cluster): void;
  openPartition(partition: PartitionLog): void;
  deleteTopic(name: string): void;
  close(): void;
}

export class Cluster {
  readonly brokers: BrokerNode[];
  readonly topics = new Map<string, Topic>();
  readonly faults = new Faults();
  readonly transactions: Transactions;
  readonly clusterId = 'sluice-embedded-kafka';
  /** Aborted by {@link close}; long polls and delays end with it. */
  readonly stopped: AbortSignal;
  store: ClusterStore | undefined;
  private nextProducerId = 1000n;
  private topicsCreated = 0;
  private readonly extensions = new Map<ExtensionKey<unknown>, unknown>();
  private readonly stopController = new AbortController();

  constructor(readonly options: ClusterOptions) {
    this.brokers = Array.from({ length: options.brokers }, (_, id) => ({
      id,
      host: options.host,
      port: 0,
      isUp: true,
    }));
    this.stopped = this.stopController.signal;
    this.transactions = new Transactions(this);
  }

  now(): number {
    return this.options.now();
  }

  log(line: string): void {
    this.options.log(line);
  }

  liveBrokers(): BrokerNode[] {
    return this.brokers.filter((b) => b.isUp);
  }

  broker(id: number): BrokerNode | undefined {
    return this.brokers[id];
  }

  /** The lowest live broker id; admin requests must go there (NOT_CONTROLLER otherwise). */
  controllerId(): number {
    return this.liveBrokers()[0]?.id ?? -1;
  }

  /** The first live replica, or -1 when every replica is stopped. */
  leaderOf(p: PartitionLog): number {
    for (const id of p.replicas) if (this.brokers[id]?.isUp === true) return id;
    return -1;
  }

  partition(topic: string, index: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partition(index);
  }

  /** A fresh producer id for InitProducerId. */
  allocateProducerId(): bigint {
    return this.nextProducerId++;
  }

  /** Moves the next producer id past `id` (after restoring logs from disk). */
  reserveProducerId(id: bigint): void {
    if (id >= this.nextProducerId) this.nextProducerId = id + 1n;
  }

  /**
   * Creates a topic. Everything is checked first (topicAdmin.ts), so a bad request creates
   * nothing.
   */
  createTopic(name: string, spec: TopicSpec = {}): ChangeResult {
    const plan = planTopic(this, name, spec);
    if ('errorCode' in plan) return plan;
    if (spec.validateOnly === true) return OK;
    const topic = new Topic(name, undefined, new Map(spec.configs));
    topic.replicationFactor = plan.replicationFactor;
    this.topics.set(name, topic);
    this.addPartitionsTo(topic, plan.count, plan.assignments);
    this.store?.saveTopics(this);
    return OK;
  }

  /** Grows `name` to `count` partitions (CreatePartitions), optionally with replica lists. */
  createPartitions(
    name: string,
    count: number,
    assignments: readonly (readonly number[])[] = [],
    validateOnly = false,
  ): ChangeResult {
    const topic = this.topics.get(name);
    const refused = checkNewPartitions(this, name, topic, count, assignments);
    if (refused !== undefined) return refused;
    if (validateOnly || topic === undefined) return OK;
    this.addPartitionsTo(topic, count, assignments);
    this.store?.saveTopics(this);
    return OK;
  }

  private addPartitionsTo(
    topic: Topic,
    count: number,
    assignments: readonly (readonly number[])[],
  ): void {
    const n = this.brokers.length;
    const first = topic.partitions.length;
    // Offsetting each topic's first leader spreads leadership across brokers, as Kafka does.
    const start = this.topicsCreated++ % n;
    for (let p = first; p < count; p++) {
      const replicas =
        assignments[p - first]?.slice() ??
        Array.from({ length: topic.replicationFactor }, (_, i) => (start + p + i) % n);
      const log = topic.newPartition(p, replicas);
      topic.partitions.push(log);
      this.store?.openPartition(log);
    }
  }

  deleteTopic(name: string): ChangeResult {
    const topic = this.topics.get(name);
    if (topic === undefined) {
      return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic '${name}' does not exist`);
    }
    this.topics.delete(name);
    this.transactions.forgetPartitions(topic.partitions);
    for (const p of topic.partitions) p.store?.close();
    this.store?.deleteTopic(name);
    this.store?.saveTopics(this);
    return OK;
  }

  /**
   * Replaces every config override of topic `name` (AlterConfigs semantics: configs not
   * listed return to their defaults). A null value removes the override.
   */
  setTopicConfigs(
    name: string,
    configs: ReadonlyMap<string, string | null>,
    validateOnly = false,
  ): ChangeResult {
    const topic = this.topics.get(name);
    if (topic === undefined) {
      return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic '${name}' does not exist`);
    }
    const refused = checkConfigs(configs);
    if (refused !== undefined) return refused;
    if (validateOnly) return OK;
    topic.configs.clear();
    for (const [k, v] of configs) if (v !== null) topic.configs.set(k, v);
    this.store?.saveTopics(this);
    return OK;
  }

  /** The topic, auto-created with the default partition count when allowed. */
  topicOrAutoCreate(name: string, allowAutoCreate: boolean): Topic | undefined {
    const existing = this.topics.get(name);
    if (existing !== undefined || !allowAutoCreate || !this.options.autoCreateTopics)
      return existing;
    this.createTopic(name);
    return this.topics.get(name);
  }

  /**
   * The periodic retention check (Kafka's `log.retention.check.interval.ms` task): deletes
   * each partition's closed segments past its topic's retention.ms or retention.bytes.
   */
  applyRetention(now = this.now()): void {
    for (const topic of this.topics.values()) {
      for (const p of topic.partitions) p.applyRetention(now);
    }
  }

  /** Per-cluster state of another module, created on first use. */
  extension<T>(key: ExtensionKey<T>): T {
    if (this.extensions.has(key)) return this.extensions.get(key) as T;
    const value = key.create(this);
    this.extensions.set(key, value);
    return value;
  }

  /** Resolves after `ms`, or early when `signal` aborts or the cluster stops. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const signals = signal === undefined ? [this.stopped] : [this.stopped, signal];
      const any = AbortSignal.any(signals);
      if (any.aborted) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        any.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      any.addEventListener('abort', done);
    });
  }

  /** Ends long polls and delays, closes extensions, transactions and storage. */
  close(): void {
    this.stopController.abort();
    this.transactions.close();
    for (const [key, value] of this.extensions) key.close?.(value);
    this.extensions.clear();
    for (const topic of this.topics.values()) for (const p of topic.partitions) p.store?.close();
    this.store?.close();
  }
}

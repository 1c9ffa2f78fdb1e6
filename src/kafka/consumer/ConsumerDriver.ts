import { Kafka, type Admin, type Consumer, type EachBatchPayload } from 'kafkajs';
import { KafkaConsumerError } from '../errors.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { RebalanceListener, Subscription } from '../Subscriptions.js';
import { tpKey } from '../TopicPartition.js';
import { ConnectionChecker } from './ConnectionChecker.js';
import { CrashRecovery, seekTo } from './CrashRecovery.js';
import { FetchWakeup } from './FetchWakeup.js';
import { kafkajsConfig } from './kafkajsConfig.js';
import { Linger } from './Linger.js';
import { PartitionState, PartitionTable } from './PartitionTable.js';
import { message, withTimeout } from './promises.js';
import type { DriverClient, FlushListener } from './DriverClient.js';
import type { OffsetCommitter, OffsetToCommit } from './OffsetCommitter.js';
import { closedError } from './commitWithRetries.js';
import { DriverCommits } from './DriverCommits.js';
import { runListener } from './runListener.js';
import { revokePartitions, runRebalanceHook } from './revokePartitions.js';
import { runConsumer } from './runConsumer.js';

const RESOLVED = Promise.resolve();

/**
 * @internal One kafkajs consumer shared by the source stages attached to it (Alpakka's
 * KafkaConsumerActor). Back-pressure is pause/resume: a partition is paused once its stage holds
 * as many undrained fetches of it as the stage accepts (`fetchesPerPartition`: two for the
 * single-outlet sources, one for a partitioned source's sub-source) and resumed when the stage
 * releases one, so at most two fetches per partition are held in memory. The second fetch keeps
 * kafkajs fetching while the stage drains the first; with every partition paused, kafkajs's fetch
 * loop would sleep `maxWaitTimeInMs` before looking again, so the batch that pauses the last
 * fetching partition holds kafkajs back until a partition resumes (see `FetchWakeup.ts`).
 *
 * Rebalances: every JoinGroup request is held (see `joinGate.ts`) until the driver has made the
 * stages drop the buffered records of all its partitions, asked the committers to flush what they
 * hold, waited for those commits (bounded by `commitTimeout`) and run the user's `onRevoke`.
 */
export class ConsumerDriver implements OffsetCommitter {
  readonly groupId: string;
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private admin: Admin | undefined = undefined;
  readonly clients = new Set<DriverClient>();
  private readonly hungry = new Set<DriverClient>();
  /** The assigned partitions with their fetch state, lag and positions. */
  readonly partitions: PartitionTable;
  readonly listener: RebalanceListener | undefined;
  private readonly checker: ConnectionChecker;
  private readonly wakeup: FetchWakeup;
  private started: Promise<void> | undefined = undefined;
  private shutdownPromise: Promise<void> | undefined = undefined;
  private failure: Error | undefined = undefined;
  private seeksPending: boolean;
  /** True while a rebalance's revoke runs: nothing is handed out then. */
  private revoking = false;
  private closing = false;
  /** A commit was refused for a gone generation: the next rebalance, or the close, loses them. */
  private lost = false;
  /** This member's assignment in the generation kafkajs last joined. */
  private assignment: Readonly<Record<string, number[]>> = {};
  /**
   * Set when a revoke cleared the table for a JoinGroup that has not been answered with an
   * assignment yet: the positions to go on from should the join fail.
   */
  private rejoin: Map<string, number> | undefined = undefined;
  private readonly recovery: CrashRecovery;
  readonly commits: DriverCommits;

  constructor(
    readonly name: string,
    readonly settings: ConsumerSettings<unknown, unknown>,
    readonly subscription: Subscription,
    readonly commitsAllowed: boolean,
  ) {
    this.groupId =
      settings.groupId ??
      `sluice-manual-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    if (settings.properties.autoOffsetReset === 'none') {
      throw new TypeError(
        `${name}: autoOffsetReset 'none' is not supported by kafkajs; use 'earliest' or 'latest'`,
      );
    }
    this.listener = subscription.kind === 'auto' ? subscription.rebalanceListener : undefined;
    this.seeksPending =
      subscription.kind === 'manual' &&
      (subscription.offsets !== undefined || subscription.timestamps !== undefined);
    const { client, consumer } = kafkajsConfig(name, settings, subscription, this.groupId, {
      beforeJoin: (m) => this.beforeJoin(m),
      onJoined: () => {
        // kafkajs holds the new generation: should its sync fail, `rejoinFailed` must not
        // resume the old assignment (the gate makes kafkajs rejoin instead).
        this.rejoin = undefined;
      },
      beforeLeave: () => this.beforeLeave(),
    });
    this.kafka = new Kafka(client);
    this.consumer = this.kafka.consumer(consumer);
    const wakeup = new FetchWakeup(consumer.maxWaitTimeInMs ?? settings.pollTimeout);
    this.wakeup = wakeup;
    this.partitions = new PartitionTable(this.consumer, () => {
      wakeup.wake();
    });
    const fail = (e: Error): void => {
      this.failAll(e);
    };
    this.checker = new ConnectionChecker(settings, name, () => this.adminClient(), fail);
    const driver = {
      name,
      wanted: () => !this.closing && this.failure === undefined,
      seek: (topic: string, partition: number, offset: number) => {
        this.seek(topic, partition, offset);
      },
      commit: (offsets: readonly OffsetToCommit[]) => this.commit(offsets, true),
      fail,
    };
    this.recovery = new CrashRecovery(driver, settings.properties.retry?.initialRetryTime ?? 300);
    this.commits = new DriverCommits(this, this.consumer, this.recovery);
  }

  /** The kafkajs client, for the dead-letter producer. */
  get kafkaClient(): Kafka {
    return this.kafka;
  }

  /** Connects, subscribes and starts the fetch loop; once, however often it is called. */
  start(): Promise<void> {
    this.started ??= this.run().catch((e: unknown) => {
      const error =
        e instanceof Error && e.name.startsWith('Kafka') && !e.name.startsWith('KafkaJS')
          ? e
          : new KafkaConsumerError(`${this.name}: cannot start the consumer: ${message(e)}`, {
              cause: e,
            });
      this.failAll(error);
      throw error;
    });
    return this.started;
  }

  attach(client: DriverClient): void {
    this.clients.add(client);
    const tps = this.partitions.ownedBy(client);
    if (tps.length > 0) client.assigned(tps);
  }

  detach(client: DriverClient): void {
    this.clients.delete(client);
    this.hungry.delete(client);
    this.partitions.detach(client);
  }

  /** Adds a party to flush before revoke and stop; returns its removal. */
  addFlushListener(listener: FlushListener): () => void {
    return this.commits.addFlushListener(listener);
  }

  /** The client has demand and nothing buffered: resume its idle partitions. */
  demand(client: DriverClient): void {
    if (this.revoking || this.closing) {
      this.hungry.add(client);
      return;
    }
    if (!this.partitions.resumeOwned(client)) this.hungry.add(client);
  }

  /** Resumes one idle partition for the client: the per-partition demand of partitioned sources. */
  resume(client: DriverClient, topic: string, partition: number): void {
    if (!this.revoking && !this.closing) this.partitions.resumeOne(client, topic, partition);
  }

  /** Moves an assigned partition's fetch position; kafkajs applies it at the next fetch. */
  seek(topic: string, partition: number, offset: number): void {
    this.consumer.seek({ topic, partition, offset: String(offset) });
  }

  /**
   * The client took the last record of one of the partition's fetches; `position` is that offset
   * + 1. The partition fetches again if the client accepts another fetch of it and either fetches
   * ahead or `wantsMore`.
   */
  release(
    client: DriverClient,
    topic: string,
    partition: number,
    position: number,
    wantsMore: boolean,
  ): void {
    const blocked = this.revoking || this.closing;
    this.partitions.release(client, topic, partition, position, wantsMore, blocked);
  }

  commit(offsets: readonly OffsetToCommit[], waitForAck: boolean): Promise<void> {
    if (!this.commitsAllowed) {
      return Promise.reject(
        new TypeError(`${this.name}: commits need a group id; call withGroupId`),
      );
    }
    if (this.consumerClosed) return Promise.reject(closedError(this, offsets));
    return this.commits.send(offsets, waitForAck);
  }

  /**
   * Shuts the consumer down after `lingerMs` (for late commits), or at once for 0: flush the
   * committers, wait for commits in flight, run `onStop`, leave the group, disconnect.
   */
  shutdown(lingerMs = 0): Promise<void> {
    if (this.shutdownPromise !== undefined) {
      if (lingerMs === 0) this.linger?.cut();
      return this.shutdownPromise;
    }
    this.linger = new Linger(lingerMs);
    this.shutdownPromise = this.linger.done.then(() => this.close());
    return this.shutdownPromise;
  }

  private linger: Linger | undefined = undefined;
  private consumerClosed = false;

  private async close(): Promise<void> {
    this.closing = true;
    this.recovery.cancel();
    this.wakeup.wake();
    this.checker.stop();
    const tps = [...this.partitions.values()].map((e) => e.tp);
    try {
      if (this.lost) {
        this.partitions.clear();
        await runRebalanceHook(this, 'onLost', tps);
      } else if (this.failure === undefined) {
        await this.commits.flushAll();
        if (this.listener?.onStop !== undefined) await this.listener.onStop(tps);
      }
    } finally {
      this.consumerClosed = true;
      await withTimeout(
        Promise.allSettled([this.consumer.disconnect(), this.admin?.disconnect()]),
        this.settings.closeTimeout,
      );
    }
  }

  private async run(): Promise<void> {
    this.checker.start();
    await runConsumer(this.name, this.settings, this.subscription, this.consumer, {
      onAssigned: (assignment) => {
        this.rejoin = undefined;
        this.assignment = assignment;
        this.recovery.assigned(assignment);
        this.onAssigned(assignment);
      },
      onHeartbeat: () => {
        this.rejoinFailed();
      },
      onCrash: (error, restart) => {
        // kafkajs restarts itself after retriable crashes; a connection fault it gave up on
        // gets the same. A broker gone for good is the connection checker's to report.
        if (restart !== undefined && this.recovery.restart(restart)) return;
        this.failAll(
          new KafkaConsumerError(
            `${this.name}(group ${this.groupId}): the consumer crashed: ${error.message}`,
            { cause: error },
          ),
        );
      },
      onBatch: (payload) => this.onBatch(payload),
      admin: () => this.adminClient(),
    });
    this.seeksPending = false;
  }

  private onAssigned(assignment: Readonly<Record<string, number[]>>): void {
    const fresh = this.partitions.addAssigned(assignment);
    for (const client of this.clients) {
      const own = fresh.filter((tp) => client.owns(tp.topic, tp.partition));
      if (own.length > 0) client.assigned(own);
      if (this.hungry.has(client)) {
        this.hungry.delete(client);
        this.demand(client);
      }
    }
    if (this.listener?.onAssign !== undefined && fresh.length > 0) {
      void runListener(this.name, this.settings.partitionHandlerWarning, 'onAssign', () =>
        this.listener?.onAssign?.(fresh),
      );
    }
  }

  private onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const e = this.partitions.get(tpKey(batch.topic, batch.partition));
    if (
      e?.state !== PartitionState.Fetching ||
      this.revoking ||
      this.closing ||
      this.seeksPending ||
      payload.isStale()
    ) {
      return RESOLVED; // not resolved: read again after the rebalance or the seek
    }
    const client = e.client ?? this.ownerOf(batch.topic, batch.partition);
    if (client === undefined) {
      this.partitions.setState(e, PartitionState.Idle);
      return RESOLVED;
    }
    e.client = client;
    e.highWatermark = Number(batch.highWatermark);
    // Nothing emitted yet: the batch's first record is the next (see `rejoinFailed`).
    if (e.position < 0 && batch.messages.length > 0) {
      e.position = Number(batch.messages[0]?.offset);
    }
    payload.resolveOffset(batch.lastOffset());
    const full = ++e.held >= client.fetchesPerPartition;
    if (full) this.partitions.setState(e, PartitionState.Held);
    this.hungry.delete(client);
    client.deliver({ topic: batch.topic, partition: batch.partition, messages: batch.messages });
    return full && !this.partitions.anyFetching() ? this.wakeup.wait() : RESOLVED;
  }

  /** The coordinator refused a commit because this member's generation is gone (Kafka's lost). */
  partitionsLost(): void {
    this.lost = true;
  }

  /**
   * The rebalance's revoke point: runs before this member's JoinGroup is written. Partitions are
   * lost rather than revoked when kafkajs rejoins without a member id (the coordinator no longer
   * knew it) or a commit was refused for a fenced generation: then nothing is committed, since
   * another member may own them already, and `onLost` runs instead of `onRevoke` (or, at close,
   * instead of the flush and `onStop`).
   */
  private async beforeJoin(hasMemberId: boolean): Promise<void> {
    const lost = this.lost || !hasMemberId;
    this.lost = false;
    if (this.partitions.size === 0 || this.closing) return;
    this.rejoin = lost ? undefined : this.partitions.positions();
    await this.revoke(lost);
  }

  /**
   * kafkajs is leaving the group: at close (which flushes by itself), or on a crash, before it
   * restarts as a new member. The partitions are revoked as in a rebalance, and the positions
   * the stages reached are kept: the new member goes on from them if it is assigned the same
   * partitions, so records emitted before the crash are neither lost nor read twice.
   */
  private async beforeLeave(): Promise<void> {
    if (this.closing || this.failure !== undefined) return;
    const lost = this.lost;
    this.lost = false;
    this.recovery.left(lost ? new Map() : this.partitions.positions());
    if (this.partitions.size > 0) await this.revoke(lost);
  }

  private async revoke(lost: boolean): Promise<void> {
    this.revoking = true;
    try {
      await revokePartitions(this, lost);
    } finally {
      this.revoking = false;
    }
  }

  /**
   * A heartbeat succeeded while the table was cleared for a rejoin whose JoinGroup was never
   * answered: the join failed (a dropped connection makes kafkajs give it up and restart its fetch
   * manager) and kafkajs fetches its previous assignment in the same generation. No GROUP_JOIN follows, so the
   * partitions, paused by the revoke, would never be resumed; they are assigned again, from the
   * positions the stages reached, since kafkajs resolved the offsets of the batches they dropped.
   */
  private rejoinFailed(): void {
    const positions = this.rejoin;
    if (positions === undefined || this.revoking || this.closing) return;
    this.rejoin = undefined;
    seekTo(this.assignment, positions, (topic, partition, offset) => {
      this.seek(topic, partition, offset);
    });
    this.onAssigned(this.assignment);
  }

  private ownerOf(topic: string, partition: number): DriverClient | undefined {
    for (const c of this.clients) if (c.owns(topic, partition)) return c;
    return undefined;
  }

  private failAll(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.wakeup.wake();
    for (const c of this.clients) c.consumerFailed(error);
  }

  private async adminClient(): Promise<Admin> {
    if (this.admin === undefined) {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      this.admin = admin;
      await admin.connect();
    }
    return this.admin;
  }
}

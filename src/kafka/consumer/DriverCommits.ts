import type { Consumer } from 'kafkajs';
import { tpKey } from '../TopicPartition.js';
import { commitWithRetries, type CommitContext } from './commitWithRetries.js';
import type { CrashRecovery } from './CrashRecovery.js';
import type { FlushListener } from './DriverClient.js';
import type { OffsetToCommit } from './OffsetCommitter.js';
import { tracked, withTimeout } from './promises.js';

/**
 * @internal A consumer driver's commits: sent with retries, tracked while in flight, flushed
 * before a revoke or a stop, and checked against kafkajs's COMMIT_OFFSETS event, since kafkajs
 * drops a commit silently while its fetch loop is stopped (see {@link CrashRecovery}).
 */
export class DriverCommits {
  private readonly flushers = new Set<FlushListener>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly ctx: CommitContext,
    private readonly consumer: Consumer,
    private readonly recovery: CrashRecovery,
  ) {
    consumer.on(consumer.events.COMMIT_OFFSETS, (e) => {
      recovery.committed(e.payload.topics);
    });
  }

  /** Adds a party to flush before revoke and stop; returns its removal. */
  addFlushListener(listener: FlushListener): () => void {
    this.flushers.add(listener);
    return () => this.flushers.delete(listener);
  }

  /** Commits the offsets of partitions still assigned (see `commitWithRetries`). */
  send(offsets: readonly OffsetToCommit[], waitForAck: boolean): Promise<void> {
    const promise = commitWithRetries(this.ctx, offsets, async (list) => {
      await this.consumer.commitOffsets(list);
      const assigned = this.ctx.partitions;
      this.recovery.sent(offsets.filter((o) => assigned.has(tpKey(o.topic, o.partition))));
    });
    return tracked(this.inFlight, promise, waitForAck);
  }

  /** Flushes every committer and waits for the commits in flight, each bounded by `commitTimeout`. */
  async flushAll(): Promise<void> {
    const timeout = this.ctx.settings.commitTimeout;
    const flushes = [...this.flushers].map((f) => f().catch(() => undefined));
    await withTimeout(Promise.all(flushes), timeout);
    await withTimeout(Promise.allSettled([...this.inFlight]), timeout);
  }
}

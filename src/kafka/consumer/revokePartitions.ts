import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { RebalanceListener } from '../Subscriptions.js';
import type { TopicPartition } from '../TopicPartition.js';
import type { DriverClient } from './DriverClient.js';
import type { DriverCommits } from './DriverCommits.js';
import { PartitionState, type PartitionTable } from './PartitionTable.js';
import { runListener } from './runListener.js';

/** @internal What a revoke reads of its consumer driver. */
export interface RevokeContext {
  readonly name: string;
  readonly settings: ConsumerSettings<unknown, unknown>;
  readonly partitions: PartitionTable;
  readonly clients: ReadonlySet<DriverClient>;
  readonly commits: DriverCommits;
  readonly listener: RebalanceListener | undefined;
}

/**
 * @internal Kafka's revoke of every partition in the table, or the loss of them (`lost`): the
 * stages drop the records they buffered, the committers are flushed and `onRevoke` runs; lost
 * partitions are not committed (another member may own them already), and `onLost` runs instead.
 * The table is empty afterwards.
 */
export async function revokePartitions(ctx: RevokeContext, lost: boolean): Promise<void> {
  const { partitions } = ctx;
  const tps = [...partitions.values()].map((e) => e.tp);
  try {
    for (const e of partitions.values()) {
      e.held = 0;
      partitions.setState(e, PartitionState.Idle);
    }
    // Commits check the table: emptied first, a lost partition's offsets are never sent.
    if (lost) partitions.clear();
    await Promise.all(
      [...ctx.clients].map((c) => c.revoke(tps.filter((tp) => c.owns(tp.topic, tp.partition)))),
    );
    if (!lost) await ctx.commits.flushAll();
    await runRebalanceHook(ctx, lost ? 'onLost' : 'onRevoke', tps);
  } finally {
    partitions.clear();
  }
}

/** @internal Runs the user's `onRevoke` or `onLost`, if set, warning when it is slow. */
export async function runRebalanceHook(
  ctx: RevokeContext,
  hook: 'onLost' | 'onRevoke',
  tps: TopicPartition[],
): Promise<void> {
  if (ctx.listener?.[hook] === undefined) return;
  await runListener(ctx.name, ctx.settings.partitionHandlerWarning, hook, () =>
    ctx.listener?.[hook]?.(tps),
  );
}

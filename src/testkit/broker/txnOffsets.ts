/**
 * How transactional offsets (TxnOffsetCommit, then EndTxn) reach whoever stores group
 * offsets. The group-coordinator module calls {@link provideTxnOffsetHooks} when it is
 * imported; until then {@link FallbackTxnOffsets} keeps them so nothing is lost.
 */
import type { Cluster } from './Cluster.js';

/** One offset sent with TxnOffsetCommit (same shape as the group module's OffsetToCommit). */
export interface TxnOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

/**
 * What the transaction coordinator needs from whoever stores group offsets: stage offsets
 * until the transaction ends, then make them visible (commit) or drop them (abort).
 */
export interface TxnOffsetHooks {
  stageTxnOffsets(groupId: string, producerId: bigint, offsets: readonly TxnOffset[]): void;
  commitTxnOffsets(producerId: bigint): void;
  abortTxnOffsets(producerId: bigint): void;
}

let hooksFactory: ((cluster: Cluster) => TxnOffsetHooks) | undefined;

/**
 * Called once by the group-coordinator module (at import time) to receive transactional
 * offsets for every cluster.
 */
export function provideTxnOffsetHooks(factory: (cluster: Cluster) => TxnOffsetHooks): void {
  hooksFactory = factory;
}

/** The provided hooks for `cluster`, or `fallback` when no group module registered any. */
export function txnOffsetHooksFor(cluster: Cluster, fallback: TxnOffsetHooks): TxnOffsetHooks {
  return hooksFactory === undefined ? fallback : hooksFactory(cluster);
}

/** Minimal offset store used only when no group module is loaded. */
export class FallbackTxnOffsets implements TxnOffsetHooks {
  /** groupId → `topic/partition` → committed offset. */
  readonly committed = new Map<string, Map<string, TxnOffset>>();
  private readonly pending = new Map<bigint, { groupId: string; offsets: TxnOffset[] }[]>();

  stageTxnOffsets(groupId: string, producerId: bigint, offsets: readonly TxnOffset[]): void {
    const list = this.pending.get(producerId) ?? [];
    list.push({ groupId, offsets: [...offsets] });
    this.pending.set(producerId, list);
  }

  commitTxnOffsets(producerId: bigint): void {
    for (const { groupId, offsets } of this.pending.get(producerId) ?? []) {
      const byPartition = this.committed.get(groupId) ?? new Map<string, TxnOffset>();
      for (const o of offsets) byPartition.set(`${o.topic}/${o.partition}`, o);
      this.committed.set(groupId, byPartition);
    }
    this.pending.delete(producerId);
  }

  abortTxnOffsets(producerId: bigint): void {
    this.pending.delete(producerId);
  }
}

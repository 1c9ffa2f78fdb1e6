import type { OffsetToCommit, TopicPartition } from './GroupRequests.js';
import type { OffsetChange, OffsetJournal } from './OffsetJournal.js';

/** A committed offset as OffsetFetch reports it. */
export interface StoredOffset extends TopicPartition {
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

/** A stored offset plus its place in commit order. */
interface Entry extends StoredOffset {
  /**
   * Kafka decides between a transactional and a plain commit of the same partition by their
   * position in `__consumer_offsets`: whichever was written later wins, even if the transaction
   * commits afterwards. This counter stands in for that log position.
   */
  readonly sequence: number;
}

/** topic → partition → entry. */
type PartitionMap = Map<string, Map<number, Entry>>;

/**
 * Committed offsets per group, and the transactional offsets (TxnOffsetCommit) that stay pending
 * until their producer's transaction ends: {@link OffsetStore.commitTxn} makes them visible,
 * {@link OffsetStore.abortTxn} drops them. With a journal, every change to the committed offsets
 * is appended to it, and the store starts from `history`, what the journal held at start.
 */
export class OffsetStore {
  private readonly committed = new Map<string, PartitionMap>();
  /** producerId → group → pending offsets. */
  private readonly pendingTxn = new Map<bigint, Map<string, PartitionMap>>();
  private sequence = 0;

  constructor(
    private readonly journal?: OffsetJournal,
    history: readonly OffsetChange[] = [],
  ) {
    // Pending transactional offsets are never journaled: a restart aborts open transactions.
    for (const change of history) {
      if (change.kind === 'delete') this.committed.delete(change.groupId);
      else if (change.kind === 'commit') {
        const partitions = getOrCreate(this.committed, change.groupId, newPartitionMap);
        put(partitions, this.entry(change.offset));
      }
    }
  }

  /** Every group with committed offsets. */
  groupIds(): string[] {
    return [...this.committed.keys()];
  }

  /** Stores `offsets` for `groupId`, replacing earlier commits of the same partitions. */
  commit(groupId: string, offsets: readonly OffsetToCommit[]): void {
    // Journaled first, so a commit that could not be written is not acknowledged either.
    this.journal?.commit(groupId, offsets);
    const partitions = getOrCreate(this.committed, groupId, newPartitionMap);
    for (const offset of offsets) put(partitions, this.entry(offset));
  }

  /** The committed offset of one partition, if any. */
  get(groupId: string, topic: string, partition: number): StoredOffset | undefined {
    const entry = this.committed.get(groupId)?.get(topic)?.get(partition);
    return entry === undefined ? undefined : withoutSequence(entry);
  }

  /** Every committed offset of `groupId`, sorted by topic, then partition. */
  list(groupId: string): StoredOffset[] {
    const partitions = this.committed.get(groupId);
    if (partitions === undefined) return [];
    const all = [...partitions.values()].flatMap((byPartition) => [...byPartition.values()]);
    return all
      .sort((a, b) =>
        a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
      )
      .map(withoutSequence);
  }

  /** Whether `groupId` has a committed offset. */
  hasOffsets(groupId: string): boolean {
    return (this.committed.get(groupId)?.size ?? 0) > 0;
  }

  /** Drops everything stored for `groupId`, pending transactional offsets included. */
  deleteGroup(groupId: string): void {
    this.journal?.deleteGroup(groupId);
    this.committed.delete(groupId);
    for (const byGroup of this.pendingTxn.values()) byGroup.delete(groupId);
  }

  /** Holds `offsets` for `groupId` until `producerId`'s transaction commits or aborts. */
  stageTxn(groupId: string, producerId: bigint, offsets: readonly OffsetToCommit[]): void {
    const byGroup = getOrCreate(this.pendingTxn, producerId, () => new Map<string, PartitionMap>());
    const partitions = getOrCreate(byGroup, groupId, newPartitionMap);
    for (const offset of offsets) put(partitions, this.entry(offset));
  }

  /**
   * Makes `producerId`'s pending offsets visible, except where a plain commit was written after
   * them. Returns the groups that had pending offsets.
   */
  commitTxn(producerId: bigint): string[] {
    const byGroup = this.pendingTxn.get(producerId);
    this.pendingTxn.delete(producerId);
    if (byGroup === undefined) return [];
    for (const [groupId, pending] of byGroup) {
      const partitions = getOrCreate(this.committed, groupId, newPartitionMap);
      const won: Entry[] = [];
      for (const byPartition of pending.values()) {
        for (const entry of byPartition.values()) {
          const current = partitions.get(entry.topic)?.get(entry.partition);
          if (current === undefined || current.sequence < entry.sequence) won.push(entry);
        }
      }
      // Only the offsets that became visible: a plain commit that won is journaled already.
      this.journal?.commit(groupId, won.map(withoutSequence));
      for (const entry of won) put(partitions, entry);
    }
    return [...byGroup.keys()];
  }

  /** Drops `producerId`'s pending offsets. Returns the groups that had pending offsets. */
  abortTxn(producerId: bigint): string[] {
    const byGroup = this.pendingTxn.get(producerId);
    this.pendingTxn.delete(producerId);
    return byGroup === undefined ? [] : [...byGroup.keys()];
  }

  /** Whether any open transaction holds an offset for this partition of `groupId`. */
  hasPendingTxn(groupId: string, topic: string, partition: number): boolean {
    for (const byGroup of this.pendingTxn.values()) {
      if (byGroup.get(groupId)?.get(topic)?.has(partition) === true) return true;
    }
    return false;
  }

  private entry(offset: OffsetToCommit): Entry {
    const { topic, partition, leaderEpoch, metadata } = offset;
    return {
      topic,
      partition,
      offset: offset.offset,
      leaderEpoch,
      metadata,
      sequence: ++this.sequence,
    };
  }
}

function withoutSequence({ topic, partition, offset, leaderEpoch, metadata }: Entry): StoredOffset {
  return { topic, partition, offset, leaderEpoch, metadata };
}

function newPartitionMap(): PartitionMap {
  return new Map();
}

function put(partitions: PartitionMap, entry: Entry): void {
  getOrCreate(partitions, entry.topic, () => new Map<number, Entry>()).set(entry.partition, entry);
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

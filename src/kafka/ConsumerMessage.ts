import type { OffsetCommitter, OffsetToCommit } from './consumer/OffsetCommitter.js';
import { tpKey, type TopicPartition } from './TopicPartition.js';

/** Kafka record headers as kafkajs gives them. */
export type RecordHeaders = Readonly<
  Record<string, Buffer | string | (Buffer | string)[] | undefined>
>;

/**
 * One record read from Kafka, deserialized. `key` is `null` when the record has no key (the key
 * deserializer is not called then). A `null` value (a tombstone) is handed to the value
 * deserializer; the built-in ones refuse it unless wrapped in `Deserializers.nullable`.
 */
export interface ConsumerRecord<K, V> {
  readonly topic: string;
  readonly partition: number;
  /** The record's offset in its partition. Offsets stay below 2^53 in practice. */
  readonly offset: number;
  /** Create or log-append time, ms since the epoch. */
  readonly timestamp: number;
  readonly key: K | null;
  readonly value: V;
  readonly headers: RecordHeaders;
}

/** A consumer group, topic and partition: the unit Kafka commits offsets for. */
export interface GroupTopicPartition extends TopicPartition {
  readonly groupId: string;
}

/** A record's position: its group, topic, partition and offset (the record's, not + 1). */
export interface PartitionOffset {
  readonly key: GroupTopicPartition;
  readonly offset: number;
}

/**
 * Something a Committer can commit: one offset or a batch of them. `batchSize` counts the
 * messages it stands for.
 */
export interface Committable {
  readonly batchSize: number;
  /** Commits it now, one round-trip; prefer `Committer.sink`, which batches. */
  commitOffset(): Promise<void>;
}

/**
 * The offset of one consumed record with a way to commit it through the consumer that read it.
 * Committing stores `offset + 1`, the next record to read. Offsets of partitions the consumer no
 * longer owns are dropped at commit time.
 */
export interface CommittableOffset extends Committable {
  readonly partitionOffset: PartitionOffset;
  /** The metadata string committed with the offset (`commitWithMetadataSource`). */
  readonly metadata: string | undefined;
  readonly batchSize: 1;
}

/** A record with the offset to commit once it is processed: `committableSource`'s element. */
export interface CommittableMessage<K, V> {
  readonly record: ConsumerRecord<K, V>;
  readonly committableOffset: CommittableOffset;
}

/** @internal The concrete committable offset sources emit; one object per record. */
export class KafkaCommittableOffset implements CommittableOffset {
  readonly batchSize = 1 as const;
  readonly partitionOffset: PartitionOffset;
  constructor(
    /** @internal */ readonly committer: OffsetCommitter,
    topic: string,
    partition: number,
    offset: number,
    readonly metadata: string | undefined,
  ) {
    this.partitionOffset = {
      key: { groupId: committer.groupId, topic, partition },
      offset,
    };
  }

  commitOffset(): Promise<void> {
    const key = this.partitionOffset.key;
    return this.committer.commit(
      [
        {
          topic: key.topic,
          partition: key.partition,
          offset: this.partitionOffset.offset,
          metadata: this.metadata,
        },
      ],
      true,
    );
  }
}

interface BatchEntry {
  committer: OffsetCommitter;
  groupId: string;
  topic: string;
  partition: number;
  offset: number;
  metadata: string | undefined;
}

/**
 * Offsets of many records, at most one per group and partition, committed together. Unlike
 * Alpakka (whose `updated` lets the last offset win, akka/alpakka-kafka#1285), the highest offset
 * of a partition wins: an older offset never overwrites a newer one, so out-of-order input cannot
 * move a committed position back.
 *
 * @example
 * ```ts
 * import { CommittableOffsetBatch, type CommittableOffset } from 'sluice/kafka';
 *
 * declare const a: CommittableOffset;
 * declare const b: CommittableOffset;
 * const batch = CommittableOffsetBatch.of(a).updated(b);
 * await batch.commitOffset();
 * ```
 */
export class CommittableOffsetBatch implements Committable {
  /** The batch holding nothing. */
  static readonly empty = new CommittableOffsetBatch(new Map(), 0);

  private constructor(
    private readonly entries: Map<string, BatchEntry>,
    private size: number,
  ) {}

  /** A batch of the given offsets or batches. */
  static of(...committables: readonly Committable[]): CommittableOffsetBatch {
    const batch = CommittableOffsetBatch.builder();
    for (const c of committables) batch.add(c);
    return batch;
  }

  /** @internal A mutable batch for a stage that folds many offsets; never shared. */
  static builder(): CommittableOffsetBatch {
    return new CommittableOffsetBatch(new Map(), 0);
  }

  /** How many messages the batch stands for (summed over merges). */
  get batchSize(): number {
    return this.size;
  }

  /** Whether the batch holds no offset. */
  get isEmpty(): boolean {
    return this.entries.size === 0;
  }

  /** The highest offset per group and partition (the record's offset, not + 1). */
  get offsets(): readonly PartitionOffset[] {
    const out: PartitionOffset[] = [];
    for (const e of this.entries.values()) {
      out.push({
        key: { groupId: e.groupId, topic: e.topic, partition: e.partition },
        offset: e.offset,
      });
    }
    return out;
  }

  /** A new batch with `committable` folded in; this one is unchanged. */
  updated(committable: Committable): CommittableOffsetBatch {
    const copy = new CommittableOffsetBatch(new Map(this.entries), this.size);
    copy.add(committable);
    return copy;
  }

  /** Commits every offset, one request per consumer that read them. */
  commitOffset(): Promise<void> {
    return this.commitWith(true);
  }

  /** Commits every offset; same as {@link commitOffset}. */
  commit(): Promise<void> {
    return this.commitWith(true);
  }

  /** @internal Folds a committable in place (builder batches only). */
  add(committable: Committable): void {
    if (committable instanceof KafkaCommittableOffset) {
      const po = committable.partitionOffset;
      this.put(
        committable.committer,
        po.key.groupId,
        po.key.topic,
        po.key.partition,
        po.offset,
        committable.metadata,
      );
      this.size += 1;
    } else if (committable instanceof CommittableOffsetBatch) {
      for (const e of committable.entries.values()) {
        this.put(e.committer, e.groupId, e.topic, e.partition, e.offset, e.metadata);
      }
      this.size += committable.size;
    } else {
      throw new TypeError(
        'CommittableOffsetBatch: cannot add a committable that no sluice consumer source made',
      );
    }
  }

  /** @internal Empties a builder batch after a flush. */
  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  /** @internal The offset held for a partition, or undefined. */
  offsetOf(groupId: string, topic: string, partition: number): number | undefined {
    return this.entries.get(`${groupId}\u0000${tpKey(topic, partition)}`)?.offset;
  }

  /** @internal Commits, grouped by the consumer that read the records. */
  commitWith(waitForAck: boolean): Promise<void> {
    const byCommitter = new Map<OffsetCommitter, OffsetToCommit[]>();
    for (const e of this.entries.values()) {
      let list = byCommitter.get(e.committer);
      if (list === undefined) byCommitter.set(e.committer, (list = []));
      list.push({ topic: e.topic, partition: e.partition, offset: e.offset, metadata: e.metadata });
    }
    const commits: Promise<void>[] = [];
    for (const [committer, list] of byCommitter) commits.push(committer.commit(list, waitForAck));
    return Promise.all(commits).then(() => undefined);
  }

  private put(
    committer: OffsetCommitter,
    groupId: string,
    topic: string,
    partition: number,
    offset: number,
    metadata: string | undefined,
  ): void {
    const key = `${groupId}\u0000${tpKey(topic, partition)}`;
    const e = this.entries.get(key);
    if (e === undefined) {
      this.entries.set(key, { committer, groupId, topic, partition, offset, metadata });
    } else if (offset >= e.offset) {
      // The newest consumer of the partition commits it: after a reassignment the old one is gone.
      e.committer = committer;
      e.offset = offset;
      e.metadata = metadata;
    }
  }
}

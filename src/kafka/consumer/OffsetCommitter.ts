/** @internal One partition's offset to commit: the next record to read is `offset + 1`. */
export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  /** The offset of the last processed record (not yet + 1). */
  readonly offset: number;
  readonly metadata: string | undefined;
}

/**
 * @internal What a committable offset commits through: the consumer driver that read the record.
 * Offsets of partitions no longer assigned to it are dropped (the new owner re-reads them).
 */
export interface OffsetCommitter {
  readonly groupId: string;
  /** Commits the offsets; resolves when the broker acknowledged them (`waitForAck`) or at once. */
  commit(offsets: readonly OffsetToCommit[], waitForAck: boolean): Promise<void>;
  /** Registers a party to flush before revoke and stop; returns its removal. */
  addFlushListener(listener: () => Promise<void>): () => void;
}

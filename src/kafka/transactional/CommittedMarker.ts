/** A consumed record's place, as a transactional producer commits it: the next offset is +1. */
export interface ConsumedOffset {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  /** The consumed record's offset (the transaction commits `offset + 1`). */
  readonly offset: number;
  /** The source to tell when this offset's transaction committed or failed, if any. */
  readonly marker?: CommittedMarker;
}

/**
 * How a transactional source learns the fate of what it emitted: a transactional producer calls
 * `committed` once a transaction holding the source's offsets committed, and `failed` when it
 * aborted. The source tracks records in flight per partition with it, so that a revoke waits
 * until the records of the revoked partitions are committed.
 */
export interface CommittedMarker {
  /** The highest committed offset (the record's, not +1) per `topic/partition`. */
  committed(offsets: ReadonlyMap<string, number>): void;
  /** The transaction aborted: nothing in flight will commit. */
  failed(): void;
  /**
   * Gives the source a way to ask for a commit now instead of at the next `eosCommitInterval`:
   * it does so when everything it fetched is emitted and it can only go on once that commits.
   */
  attach?(requestCommit: () => void): void;
}

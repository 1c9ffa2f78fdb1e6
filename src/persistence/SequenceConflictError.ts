/**
 * A write whose first sequence number is not the persistence id's highest plus one: a second
 * writer appended to the same persistence id. The writing stage fails with it.
 */
export class SequenceConflictError extends Error {
  override readonly name = 'SequenceConflictError';
  constructor(
    readonly persistenceId: string,
    readonly sequenceNr: number,
    readonly highestSequenceNr: number,
  ) {
    super(
      `journal: cannot write ${persistenceId} at sequence number ${String(sequenceNr)}: the journal holds up to ${String(highestSequenceNr)}; another writer is appending to this persistence id`,
    );
  }
}

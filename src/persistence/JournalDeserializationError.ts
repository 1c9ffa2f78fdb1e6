/** A stored event or snapshot that does not deserialize; recovery stops at it. */
export class JournalDeserializationError extends Error {
  override readonly name = 'JournalDeserializationError';
  constructor(
    readonly persistenceId: string,
    readonly sequenceNr: number,
    cause: unknown,
  ) {
    super(
      `journal: cannot deserialize ${persistenceId} at sequence number ${String(sequenceNr)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

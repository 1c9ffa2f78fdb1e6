/**
 * Recovery of a persistence id failed at `sequenceNr` (0 while loading its snapshot): the stage
 * fails with it and applies nothing after that event.
 */
export class RecoveryError extends Error {
  override readonly name = 'RecoveryError';
  constructor(
    readonly persistenceId: string,
    readonly sequenceNr: number,
    cause: unknown,
  ) {
    super(
      `eventSourcing: cannot recover ${persistenceId} at sequence number ${String(sequenceNr)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

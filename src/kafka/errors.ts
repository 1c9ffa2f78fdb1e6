/**
 * A record could not be processed: its deserializer refused it (a poison record). Names the
 * record as `topic/partition@offset`; nothing at or past `offset` is committed by the source.
 */
export class KafkaRecordError extends Error {
  override readonly name = 'KafkaRecordError';
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A commit failed for good (not retriable, or still failing at `commitTimeout`). */
export class CommitFailedError extends Error {
  override readonly name = 'CommitFailedError';
  constructor(
    readonly groupId: string,
    /** The offsets that were not committed, `topic/partition@offset` (offset + 1 as sent). */
    readonly offsets: readonly string[],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The connection checker gave up: the brokers did not answer metadata requests. */
export class KafkaConnectionFailedError extends Error {
  override readonly name = 'KafkaConnectionFailedError';
  constructor(
    readonly attempts: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A consumer source failed: the kafkajs consumer crashed or could not start. */
export class KafkaConsumerError extends Error {
  override readonly name = 'KafkaConsumerError';
}

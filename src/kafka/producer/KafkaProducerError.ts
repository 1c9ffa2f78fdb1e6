/**
 * A producer stage failed to serialize or send a record. The message names the stage and the
 * `topic/partition` (`Producer.plainSink#2: cannot send to orders/3: ...`); `partition` is
 * `undefined` when the failure came before a partition was chosen (a serializer error). The
 * kafkajs error is the `cause`.
 */
export class KafkaProducerError extends Error {
  override readonly name = 'KafkaProducerError';
  constructor(
    /** The stage's label. */
    readonly stage: string,
    /** The topic of the first record that failed. */
    readonly topic: string,
    /** Its partition, if one was chosen. */
    readonly partition: number | undefined,
    message: string,
    options: { readonly cause: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A transactional producer was fenced: another producer started with the same transactional id
 * (a newer instance of this stream, or a duplicate), so this one may not commit any more. Its open
 * transaction is aborted and the stream fails with this error.
 */
export class ProducerFencedError extends Error {
  override readonly name = 'ProducerFencedError';
  constructor(
    /** The stage's label. */
    readonly stage: string,
    /** The fenced transactional id. */
    readonly transactionalId: string,
    options: { readonly cause: unknown },
  ) {
    super(
      `${stage}: producer fenced: another producer uses transactional id '${transactionalId}'; only one instance per transactional id may run`,
      options,
    );
  }
}

/** Whether a kafkajs error says the producer was fenced (a newer epoch for its transactional id). */
export function isFencedError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const type = (e as { type?: unknown }).type;
    if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED') return true;
    if (/fenced|INVALID_PRODUCER_EPOCH/i.test(e.message)) return true;
    e = e.cause ?? (e as { originalError?: unknown }).originalError;
  }
  return false;
}

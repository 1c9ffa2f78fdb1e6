import type { IHeaders } from 'kafkajs';

/** One record to produce. A missing `partition` lets the partitioner pick one from the key. */
export interface ProducerRecord<K, V> {
  readonly topic: string;
  readonly partition?: number;
  /** The key; `null` or missing sends Kafka's null key. */
  readonly key?: K | null;
  /** The value; `null` sends a tombstone. */
  readonly value: V | null;
  readonly headers?: IHeaders;
  /** Create time in ms since the epoch; the producer's clock when missing. */
  readonly timestamp?: number;
}

/** Where the broker stored a record. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The record's timestamp (its create time, or the broker's time for LogAppendTime topics). */
  readonly timestamp: number;
}

/** Sends one record and passes `passThrough` on to its {@link Result}. */
export class Message<K, V, PassThrough> {
  readonly kind = 'single' as const;
  constructor(
    readonly record: ProducerRecord<K, V>,
    readonly passThrough: PassThrough,
  ) {}
  /** The same record with another pass-through value. */
  withPassThrough<P2>(passThrough: P2): Message<K, V, P2> {
    return new Message(this.record, passThrough);
  }
}

/** Sends several records; its {@link MultiResult} comes once all of them are acknowledged. */
export class MultiMessage<K, V, PassThrough> {
  readonly kind = 'multi' as const;
  constructor(
    readonly records: readonly ProducerRecord<K, V>[],
    readonly passThrough: PassThrough,
  ) {}
  /** The same records with another pass-through value. */
  withPassThrough<P2>(passThrough: P2): MultiMessage<K, V, P2> {
    return new MultiMessage(this.records, passThrough);
  }
}

/** Sends nothing, only passes `passThrough` on, in order (e.g. the offset of a filtered record). */
export class PassThroughMessage<K, V, PassThrough> {
  readonly kind = 'passThrough' as const;
  constructor(readonly passThrough: PassThrough) {}
  /** Another pass-through value. */
  withPassThrough<P2>(passThrough: P2): PassThroughMessage<K, V, P2> {
    return new PassThroughMessage(passThrough);
  }
}

/** What a producer flow takes: one record, several, or none. */
export type Envelope<K, V, PassThrough> =
  | Message<K, V, PassThrough>
  | MultiMessage<K, V, PassThrough>
  | PassThroughMessage<K, V, PassThrough>;

/** The outcome of a {@link Message}: where its record went. */
export class Result<K, V, PassThrough> {
  readonly kind = 'result' as const;
  constructor(
    readonly metadata: RecordMetadata,
    readonly message: Message<K, V, PassThrough>,
  ) {}
  /** The record's offset. */
  get offset(): number {
    return this.metadata.offset;
  }
  /** The message's pass-through value. */
  get passThrough(): PassThrough {
    return this.message.passThrough;
  }
}

/** One record of a {@link MultiResult} and where it went. */
export interface MultiResultPart<K, V> {
  readonly metadata: RecordMetadata;
  readonly record: ProducerRecord<K, V>;
}

/** The outcome of a {@link MultiMessage}: one part per record, in the message's order. */
export class MultiResult<K, V, PassThrough> {
  readonly kind = 'multiResult' as const;
  constructor(
    readonly parts: readonly MultiResultPart<K, V>[],
    readonly passThrough: PassThrough,
  ) {}
}

/** The outcome of a {@link PassThroughMessage}. */
export class PassThroughResult<PassThrough> {
  readonly kind = 'passThroughResult' as const;
  constructor(readonly passThrough: PassThrough) {}
}

/** What a producer flow emits, one per envelope, in input order. */
export type Results<K, V, PassThrough> =
  Result<K, V, PassThrough> | MultiResult<K, V, PassThrough> | PassThroughResult<PassThrough>;

function single<K = never, V = never>(record: ProducerRecord<K, V>): Envelope<K, V, undefined>;
function single<K = never, V = never, PassThrough = undefined>(
  record: ProducerRecord<K, V>,
  passThrough: PassThrough,
): Envelope<K, V, PassThrough>;
function single<K, V, PassThrough>(
  record: ProducerRecord<K, V>,
  passThrough?: PassThrough,
): Envelope<K, V, PassThrough | undefined> {
  return new Message(record, passThrough);
}

function multi<K = never, V = never>(
  records: readonly ProducerRecord<K, V>[],
): Envelope<K, V, undefined>;
function multi<K = never, V = never, PassThrough = undefined>(
  records: readonly ProducerRecord<K, V>[],
  passThrough: PassThrough,
): Envelope<K, V, PassThrough>;
function multi<K, V, PassThrough>(
  records: readonly ProducerRecord<K, V>[],
  passThrough?: PassThrough,
): Envelope<K, V, PassThrough | undefined> {
  return new MultiMessage([...records], passThrough);
}

function passThrough<PassThrough, K = never, V = never>(
  value: PassThrough,
): Envelope<K, V, PassThrough> {
  return new PassThroughMessage(value);
}

/**
 * Builds the envelopes a producer flow or sink takes: `single` sends one record, `multi` several
 * (its result comes once all are acknowledged), `passThrough` none. Each returns the
 * {@link Envelope} union, so a stream of mixed envelopes has one element type; a key or value
 * type that cannot be inferred (no key given) is `never`, which fits any producer. The pass-through value (for
 * example a committable offset) comes out in the result, typed.
 *
 * @example
 * ```ts
 * import { ProducerMessage } from 'sluice/kafka';
 *
 * const one = ProducerMessage.single({ topic: 'out', key: 'k', value: 'v' }, 42);
 * const two = ProducerMessage.multi([
 *   { topic: 'a', value: 'x' },
 *   { topic: 'b', value: 'y' },
 * ]);
 * const none = ProducerMessage.passThrough(7);
 * ```
 */
export const ProducerMessage = { single, multi, passThrough } as const;

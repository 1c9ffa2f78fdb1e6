import type { Message as KafkaMessage } from 'kafkajs';
import {
  type Envelope,
  MultiResult,
  type MultiResultPart,
  PassThroughResult,
  type ProducerRecord,
  type RecordMetadata,
  Result,
  type Results,
} from '../ProducerMessage.js';

/**
 * @internal One envelope on its way: from its arrival until its result is pushed. There are exactly
 * `parallelism` of them per stage, reused, so a busy stage allocates no holders.
 */
export class Entry<K, V, PT> {
  envelope: Envelope<K, V, PT> | undefined = undefined;
  /** The kafkajs messages of this envelope; the partitioner writes each one's partition back. */
  readonly messages: KafkaMessage[] = [];
  /** The topic of each message. */
  readonly topics: string[] = [];
  readonly metadata: RecordMetadata[] = [];
  /** Messages not yet acknowledged. */
  unacked = 0;

  reset(): void {
    this.envelope = undefined;
    this.messages.length = 0;
    this.topics.length = 0;
    this.metadata.length = 0;
    this.unacked = 0;
  }
}

/** @internal The result of an entry whose messages are all acknowledged. */
export function resultOf<K, V, PT>(entry: Entry<K, V, PT>): Results<K, V, PT> {
  const envelope = entry.envelope as Envelope<K, V, PT>; // set on arrival, cleared on reset
  switch (envelope.kind) {
    case 'single':
      return new Result(entry.metadata[0] as RecordMetadata, envelope);
    case 'multi': {
      const parts: MultiResultPart<K, V>[] = [];
      for (let i = 0; i < envelope.records.length; i++) {
        parts.push({
          metadata: entry.metadata[i] as RecordMetadata,
          record: envelope.records[i] as ProducerRecord<K, V>,
        });
      }
      return new MultiResult(parts, envelope.passThrough);
    }
    case 'passThrough':
      return new PassThroughResult(envelope.passThrough);
  }
}

/** @internal The message of an unknown thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

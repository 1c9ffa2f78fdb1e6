import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { KafkaRecordError } from '../errors.js';

/**
 * @internal Sends poison records to a dead-letter topic: the raw key, value and headers, with the
 * error and the record's origin in `sluice.*` headers. One producer per consumer, made on first use.
 */
export class DeadLetters {
  private producer: Promise<Producer> | undefined = undefined;

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
  ) {}

  async send(
    message: KafkaMessage,
    topic: string,
    partition: number,
    error: unknown,
  ): Promise<void> {
    this.producer ??= (async () => {
      const p = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await p.connect();
      return p;
    })();
    const producer = await this.producer;
    await producer.send({
      topic: this.topic,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'sluice.error':
              error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            'sluice.topic': topic,
            'sluice.partition': String(partition),
            'sluice.offset': message.offset,
          },
        },
      ],
    });
  }

  /**
   * Sends the record `error` is about; resolves to undefined once the dead-letter topic has it,
   * or to the error to fail the source with (never rejects).
   */
  forward(
    source: string,
    error: KafkaRecordError,
    message: KafkaMessage,
  ): Promise<KafkaRecordError | undefined> {
    return this.send(message, error.topic, error.partition, error.cause).then(
      () => undefined,
      (e: unknown) =>
        new KafkaRecordError(
          error.topic,
          error.partition,
          error.offset,
          `${source}: cannot send the poison record ${error.topic}/${error.partition}@${error.offset} to dead-letter topic '${this.topic}': ${e instanceof Error ? e.message : String(e)}`,
          { cause: e },
        ),
    );
  }

  async close(): Promise<void> {
    if (this.producer === undefined) return;
    const p = await this.producer.catch(() => undefined);
    await p?.disconnect();
  }
}

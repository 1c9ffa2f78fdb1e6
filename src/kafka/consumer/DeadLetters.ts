import type { Kafka, KafkaMessage, Producer } from 'kafkajs';

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

  async close(): Promise<void> {
    if (this.producer === undefined) return;
    const p = await this.producer.catch(() => undefined);
    await p?.disconnect();
  }
}

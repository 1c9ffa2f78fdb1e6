import type { Admin, Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';

/** Records held ahead of the reader before the consumer pauses: the read buffer's bound. */
const BufferBound = 4096;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * @internal Random access to partition 0 of the journal topic through one kafkajs consumer (kafkajs
 * has no plain fetch API): a read at the buffered position takes from the buffer, every other read
 * seeks. Reads are serialized; the buffer holds at most {@link BufferBound} records plus one fetch.
 */
export class PartitionReader {
  private readonly consumer: Consumer;
  private buffer: KafkaMessage[] = [];
  private index = 0;
  // The offset of buffer[index]; records arrive contiguously from here.
  private position = 0;
  // The offset the next accepted batch must continue from.
  private fetchPosition = 0;
  private isPaused = true;
  private waiter: Waiter | undefined = undefined;
  private queue: Promise<unknown> = Promise.resolve();
  // The log start from the last ListOffsets, and the furthest end it or a fetch response reported.
  private knownStart = 0;
  private knownEnd = 0;
  private hasBounds = false;

  private constructor(
    kafka: Kafka,
    private readonly admin: Admin,
    private readonly topic: string,
    groupId: string,
    private readonly readTimeoutMs: number,
  ) {
    this.consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: 50,
      allowAutoTopicCreation: false,
    });
  }

  /** Joins a private consumer group and stands paused until the first read. */
  static async open(
    kafka: Kafka,
    admin: Admin,
    topic: string,
    groupId: string,
    readTimeoutMs: number,
  ): Promise<PartitionReader> {
    const reader = new PartitionReader(kafka, admin, topic, groupId, readTimeoutMs);
    try {
      await reader.consumer.connect();
      await reader.consumer.subscribe({ topics: [topic], fromBeginning: true });
      await reader.consumer.run({
        autoCommit: false,
        eachBatch: ({ batch }) => {
          reader.accept(batch);
          return Promise.resolve();
        },
      });
    } catch (error) {
      await reader.consumer.disconnect();
      throw error;
    }
    reader.consumer.pause([{ topic }]);
    return reader;
  }

  /** The partition's log start and end (the offset the next record will get). */
  async bounds(): Promise<{ readonly start: number; readonly end: number }> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    const p0 = offsets.find((p) => p.partition === 0);
    if (p0 === undefined) throw new Error(`KafkaJournal: topic ${this.topic} has no partition 0`);
    this.knownStart = Number(p0.low);
    this.hasBounds = true;
    this.knownEnd = Math.max(this.knownEnd, Number(p0.high));
    return { start: this.knownStart, end: this.knownEnd };
  }

  /**
   * The bounds as last learned, when their end lies beyond `offset`; asks the broker otherwise.
   * Fetch responses carry the high-water mark, so a reader that keeps reading learns the end
   * without a ListOffsets round trip; the end it gives may be behind the broker's, never ahead.
   */
  boundsBeyond(offset: number): Promise<{ readonly start: number; readonly end: number }> {
    if (this.hasBounds && this.knownEnd > offset)
      return Promise.resolve({ start: this.knownStart, end: this.knownEnd });
    return this.bounds();
  }

  /**
   * Up to `max` records from offset `from` on, all below `end`, in offset order.
   * @throws Error naming topic/partition@offset when no record arrives within the read timeout.
   */
  read(from: number, end: number, max: number): Promise<KafkaMessage[]> {
    const next = this.queue.then(() => this.readNow(from, end, max));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readNow(from: number, end: number, max: number): Promise<KafkaMessage[]> {
    if (from >= end || max <= 0) return [];
    if (this.position !== from) this.seek(from);
    if (this.index >= this.buffer.length) {
      this.resume();
      await this.arrival(from);
    }
    const take = Math.min(max, this.buffer.length - this.index, end - from);
    const out = this.buffer.slice(this.index, this.index + take);
    this.index += take;
    this.position += take;
    if (this.index >= this.buffer.length) {
      this.buffer = [];
      this.index = 0;
    }
    return out;
  }

  private seek(offset: number): void {
    this.buffer = [];
    this.index = 0;
    this.position = offset;
    this.fetchPosition = offset;
    this.consumer.seek({ topic: this.topic, partition: 0, offset: String(offset) });
  }

  private arrival(from: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(
          new Error(
            `KafkaJournal: no record from ${this.topic}/0@${String(from)} within ${String(this.readTimeoutMs)} ms`,
          ),
        );
      }, this.readTimeoutMs);
      this.waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  private accept(batch: Batch): void {
    if (batch.partition !== 0) return;
    const highWatermark = Number(batch.highWatermark);
    if (highWatermark > this.knownEnd) this.knownEnd = highWatermark;
    const messages = batch.messages;
    let i = 0;
    while (i < messages.length && Number((messages[i] as KafkaMessage).offset) < this.fetchPosition)
      i++;
    // A batch fetched before the last seek continues some other position: drop it.
    if (i >= messages.length || Number((messages[i] as KafkaMessage).offset) !== this.fetchPosition)
      return;
    for (; i < messages.length; i++) this.buffer.push(messages[i] as KafkaMessage);
    this.fetchPosition = Number(batch.lastOffset()) + 1;
    if (this.buffer.length - this.index >= BufferBound) this.pause();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve();
  }

  private resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.consumer.resume([{ topic: this.topic }]);
  }

  private pause(): void {
    if (this.isPaused) return;
    this.isPaused = true;
    this.consumer.pause([{ topic: this.topic }]);
  }

  /** Leaves the group and disconnects; a read in progress fails. */
  async close(): Promise<void> {
    this.waiter?.reject(new Error(`KafkaJournal: ${this.topic} reader closed`));
    this.waiter = undefined;
    await this.consumer.disconnect();
  }
}

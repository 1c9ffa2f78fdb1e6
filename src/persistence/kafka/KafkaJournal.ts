import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaMessage, type Producer } from 'kafkajs';
import type { EventEnvelope, PersistentEvent, SelectedSnapshot, Serializer } from '../Journal.js';
import { jsonSerializer } from '../Journal.js';
import { JournalBase } from '../JournalBase.js';
import { JournalDeserializationError } from '../JournalDeserializationError.js';
import { SequenceConflictError } from '../SequenceConflictError.js';
import { Checkpoints } from './Checkpoints.js';
import {
  type Checkpoint,
  eventMessage,
  logStart,
  persistenceIdOf,
  snapshotHeadersOf,
  snapshotMessage,
  tagsOf,
} from './JournalRecord.js';
import type { KafkaJournalSettings } from './KafkaJournalSettings.js';
import { PartitionReader } from './PartitionReader.js';
import { scanId, type ValidEventVisitor } from './scanId.js';
import { readTaggedEvents } from './readTaggedEvents.js';

const PageSize = 1000;
const FirstSnapshotWindow = 1024;
const MaxSnapshotWindow = 65_536;

/**
 * A journal in one Kafka topic (partition 0), written with an idempotent producer and `acks=all`:
 * each event is a record keyed by its persistence id with its sequence number in a header, and
 * each write is one record batch, so Kafka appends it whole or not at all. A write is acknowledged
 * once Kafka acknowledged it and the journal read it back as valid. Valid means first writer wins:
 * every reader takes a write only when it continues the id's sequence where the log left it, so a
 * second writer's conflicting write is ignored by all readers and rejected with a
 * {@link SequenceConflictError} naming the id and sequence number. Snapshots are records in the
 * same topic, marked by a header, found by reading back from the end.
 * @example
 * ```ts
 * import { KafkaJournal } from 'sluice/persistence';
 *
 * const journal = await KafkaJournal.connect({ brokers: ['127.0.0.1:9092'], topic: 'accounts' });
 * await journal.close();
 * ```
 */
export class KafkaJournal extends JournalBase {
  private readonly writerId = randomUUID();
  private writeCount = 0;
  private readonly checkpoints: Checkpoints;
  private readonly writing = new Map<string, Promise<unknown>>();
  private isClosed = false;

  private constructor(
    private readonly topic: string,
    private readonly serializer: Serializer,
    maxCachedIds: number,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly reader: PartitionReader,
  ) {
    super();
    this.checkpoints = new Checkpoints(maxCachedIds);
  }

  /**
   * Connects to the cluster, creating the topic (one partition, no retention) if it is missing.
   * @throws the kafkajs error (as a rejection) when the cluster cannot be reached.
   */
  static async connect(settings: KafkaJournalSettings): Promise<KafkaJournal> {
    const kafka = new Kafka({
      clientId: settings.clientId ?? 'sluice-journal',
      brokers: [...settings.brokers],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    try {
      await Promise.all([admin.connect(), producer.connect()]);
      const topics = await admin.listTopics();
      if (!topics.includes(settings.topic)) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic: settings.topic,
              numPartitions: 1,
              configEntries: [{ name: 'retention.ms', value: '-1' }],
            },
          ],
        });
      }
      const reader = await PartitionReader.open(
        kafka,
        admin,
        settings.topic,
        `sluice-journal-${randomUUID()}`,
        settings.readTimeoutMs ?? 30_000,
      );
      return new KafkaJournal(
        settings.topic,
        settings.serializer ?? jsonSerializer,
        settings.maxCachedIds ?? 10_000,
        admin,
        producer,
        reader,
      );
    } catch (error) {
      // Nothing stays connected when the journal cannot open.
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      throw error;
    }
  }

  writeEvents(persistenceId: string, events: readonly PersistentEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    // One write per id at a time: each checks the tail the one before it left.
    const previous = this.writing.get(persistenceId) ?? Promise.resolve();
    const write = previous.then(
      () => this.write(persistenceId, events),
      () => this.write(persistenceId, events),
    );
    const settled = write.catch(() => undefined);
    this.writing.set(persistenceId, settled);
    void settled.then(() => {
      if (this.writing.get(persistenceId) === settled) this.writing.delete(persistenceId);
    });
    return write;
  }

  private async write(id: string, events: readonly PersistentEvent[]): Promise<void> {
    const first = (events[0] as PersistentEvent).sequenceNr; // writeEvents refused empty
    let tail = this.checkpoints.tail(id);
    if (tail === undefined || tail.highest + 1 !== first) tail = await this.tailOf(id);
    if (tail.highest + 1 !== first) throw new SequenceConflictError(id, first, tail.highest);
    const writeId = `${this.writerId}:${String(++this.writeCount)}`;
    const messages = events.map((e, i) => {
      if (e.sequenceNr !== first + i) throw new SequenceConflictError(id, e.sequenceNr, first - 1);
      return eventMessage(
        id,
        e.sequenceNr,
        first,
        writeId,
        this.serializer.serialize(e.event),
        e.tags,
      );
    });
    for (const m of messages) m.partition = 0;
    const [meta] = await this.producer.send({ topic: this.topic, acks: -1, messages });
    const last = Number(meta?.baseOffset ?? Number.NaN) + events.length - 1;
    if (!Number.isSafeInteger(last)) throw new Error(`KafkaJournal: ${this.topic} gave no offset`);
    // Read back up to the write: it counts only if it is the valid continuation of the id.
    const after = await scanId(this.reader, id, tail, last + 1);
    this.checkpoints.setTail(id, after);
    const lastSeq = first + events.length - 1;
    if (after.highest !== lastSeq || after.write !== writeId) {
      throw new SequenceConflictError(id, first, after.highest);
    }
    this.notifyWritten();
  }

  private async tailOf(id: string): Promise<Checkpoint> {
    const { start, end } = await this.reader.bounds();
    const from = this.checkpoints.best(id, Number.MAX_SAFE_INTEGER, end, logStart(start));
    const tail = await scanId(this.reader, id, from, end);
    this.checkpoints.setTail(id, tail);
    return tail;
  }

  async readEvents(
    persistenceId: string,
    fromSequenceNr: number,
    toSequenceNr: number,
    max: number,
  ): Promise<readonly EventEnvelope[]> {
    const out: EventEnvelope[] = [];
    if (max <= 0 || fromSequenceNr > toSequenceNr) return out;
    const { start, end } = await this.reader.bounds();
    const from = this.checkpoints.best(persistenceId, fromSequenceNr, end, logStart(start));
    const visit: ValidEventVisitor = (message, seq) => {
      if (seq < fromSequenceNr) return true;
      if (seq > toSequenceNr) return false;
      out.push(this.envelope(persistenceId, seq, message));
      return out.length < max && seq < toSequenceNr;
    };
    const at = await scanId(this.reader, persistenceId, from, end, visit);
    if (at.offset >= end) this.checkpoints.setTail(persistenceId, at);
    else this.checkpoints.setCursor(persistenceId, at);
    return out;
  }

  readTagged(tag: string, afterOffset: number, max: number): Promise<readonly EventEnvelope[]> {
    return readTaggedEvents(this.reader, this.checkpoints, tag, afterOffset, max, (id, seq, m) =>
      this.envelope(id, seq, m),
    );
  }

  async highestSequenceNr(persistenceId: string): Promise<number> {
    return (await this.tailOf(persistenceId)).highest;
  }

  async saveSnapshot(persistenceId: string, sequenceNr: number, state: unknown): Promise<void> {
    if (this.checkpoints.snapshotSequenceNr(persistenceId) >= sequenceNr) return;
    // Replay after the snapshot starts where the id's events up to it are known to end.
    const tail = this.checkpoints.tail(persistenceId);
    const from =
      tail?.highest === sequenceNr
        ? { offset: tail.offset, highest: tail.highest, write: '' }
        : this.checkpoints.best(
            persistenceId,
            sequenceNr + 1,
            Number.MAX_SAFE_INTEGER,
            logStart(0),
          );
    const message = snapshotMessage(
      persistenceId,
      sequenceNr,
      from,
      this.serializer.serialize(state),
    );
    message.partition = 0;
    await this.producer.send({ topic: this.topic, acks: -1, messages: [message] });
    this.checkpoints.setSnapshot(persistenceId, sequenceNr, from);
  }

  async loadSnapshot(persistenceId: string): Promise<SelectedSnapshot | undefined> {
    const { start, end } = await this.reader.bounds();
    let window = FirstSnapshotWindow;
    // Reads windows back from the end; the last snapshot of the id in the first window holding one.
    for (let to = end; to > start; to -= window, window = Math.min(2 * window, MaxSnapshotWindow)) {
      const from = Math.max(start, to - window);
      let found: KafkaMessage | undefined;
      for (let at = from; at < to;) {
        const page = await this.reader.read(at, to, PageSize);
        for (const m of page) {
          if (persistenceIdOf(m) === persistenceId && snapshotHeadersOf(m) !== undefined) found = m;
        }
        at += page.length;
      }
      if (found !== undefined) {
        const headers = snapshotHeadersOf(found) as NonNullable<
          ReturnType<typeof snapshotHeadersOf>
        >;
        let state: unknown;
        try {
          state = this.serializer.deserialize(found.value?.toString() ?? '');
        } catch (cause) {
          throw new JournalDeserializationError(persistenceId, headers.sequenceNr, cause);
        }
        this.checkpoints.setSnapshot(persistenceId, headers.sequenceNr, headers.checkpoint);
        return { sequenceNr: headers.sequenceNr, state };
      }
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.allSettled(this.writing.values());
    await this.reader.close();
    await this.producer.disconnect();
    await this.admin.disconnect();
  }

  // Deserializes one valid event; a failure names the id and sequence number.
  private envelope(persistenceId: string, seq: number, message: KafkaMessage): EventEnvelope {
    let event: unknown;
    try {
      event = this.serializer.deserialize(message.value?.toString() ?? '');
    } catch (cause) {
      throw new JournalDeserializationError(persistenceId, seq, cause);
    }
    return {
      persistenceId,
      sequenceNr: seq,
      offset: Number(message.offset) + 1, // offset 0 means "from the start" to eventsByTag
      event,
      tags: tagsOf(message),
    };
  }
}

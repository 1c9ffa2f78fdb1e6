import { randomBytes, randomUUID } from 'node:crypto';
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
  Header,
  pointerText,
  type SnapshotHeaders,
  snapshotHeadersOf,
  snapshotMessage,
  tagsOf,
} from './JournalRecord.js';
import type { KafkaJournalSettings } from './KafkaJournalSettings.js';
import { OwnRanges } from './OwnRanges.js';
import { PartitionReader } from './PartitionReader.js';
import { findSnapshot } from './findSnapshot.js';
import { scanId, type ValidEventVisitor } from './scanId.js';
import { readTaggedEvents } from './readTaggedEvents.js';

/**
 * A journal in one Kafka topic (partition 0), written with an idempotent producer and `acks=all`:
 * each event is a record keyed by its persistence id with its sequence number in a header, and
 * each write is one record batch, so Kafka appends it whole or not at all. A write is acknowledged
 * by its produce response: a batch that landed where the journal expected the id's tail, or after
 * only records this journal wrote, is read by nobody before it is acknowledged; otherwise the
 * records in between are read. Valid means first writer wins: every reader takes a write only
 * when it continues the id's sequence where the log left it, so a second writer's conflicting
 * write is ignored by all readers and rejected with a {@link SequenceConflictError} naming the id
 * and sequence number. Snapshots are records in the same topic, marked by a header; the last
 * record of each write points to the id's latest one, so recovery finds it by reading back only
 * to the id's last write, then replays forward once.
 * @example
 * ```ts
 * import { KafkaJournal } from 'sluice/persistence';
 *
 * const journal = await KafkaJournal.connect({ brokers: ['127.0.0.1:9092'], topic: 'accounts' });
 * await journal.close();
 * ```
 */
export class KafkaJournal extends JournalBase {
  // 96 random bits, short because every record carries it.
  private readonly writerId = randomBytes(12).toString('base64url');
  private writeCount = 0;
  private readonly checkpoints: Checkpoints;
  private readonly own = new OwnRanges();
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
    const pointer = this.checkpoints.pointer(id);
    const lastHeaders = messages[messages.length - 1]?.headers;
    if (pointer !== undefined && lastHeaders !== undefined) {
      lastHeaders[Header.latestSnapshot] = pointerText(pointer);
    }
    const [meta] = await this.producer.send({ topic: this.topic, acks: -1, messages });
    const base = Number(meta?.baseOffset ?? Number.NaN);
    if (!Number.isSafeInteger(base)) throw new Error(`KafkaJournal: ${this.topic} gave no offset`);
    const end = base + events.length;
    this.own.add(base, end);
    // The batch starts its write, so it is valid exactly when it continues the id's valid events
    // as they stand at its base offset. Those are the tail's, unless someone else appended between.
    let before = tail;
    if (base !== tail.offset && !(base > tail.offset && this.own.covers(tail.offset, base))) {
      const from =
        tail.offset <= base
          ? tail
          : this.checkpoints.best(id, Number.MAX_SAFE_INTEGER, base, logStart(0));
      before = await scanId(this.reader, id, from, base);
    }
    if (before.highest + 1 !== first) {
      // The batch is in the log but every reader skips it: the tail after it is the one before.
      this.checkpoints.setTail(id, { offset: end, highest: before.highest, write: before.write });
      throw new SequenceConflictError(id, first, before.highest);
    }
    this.checkpoints.setTail(id, {
      offset: end,
      highest: first + events.length - 1,
      write: writeId,
    });
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
    // Whether the caller wants more than the scan found so far (set by the visitor).
    const wanting = { more: true };
    const visit: ValidEventVisitor = (message, seq) => {
      if (seq < fromSequenceNr) return true;
      if (seq > toSequenceNr) return (wanting.more = false);
      out.push(this.envelope(persistenceId, seq, message));
      wanting.more = out.length < max && seq < toSequenceNr;
      return wanting.more;
    };
    const known = await this.reader.boundsBeyond(-1);
    let at = this.checkpoints.best(
      persistenceId,
      fromSequenceNr,
      Number.MAX_SAFE_INTEGER,
      logStart(known.start),
    );
    // Read to the end last learned, then ask the broker once whether the log grew past it.
    let end = known.end;
    for (let asked = false; ; asked = true) {
      if (at.offset < end) at = await scanId(this.reader, persistenceId, at, end, visit);
      if (!wanting.more || asked) break;
      end = (await this.reader.bounds()).end;
      if (at.offset >= end) break;
    }
    if (wanting.more) this.checkpoints.setTail(persistenceId, at);
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
    const [meta] = await this.producer.send({ topic: this.topic, acks: -1, messages: [message] });
    const at = Number(meta?.baseOffset ?? Number.NaN);
    if (!Number.isSafeInteger(at)) throw new Error(`KafkaJournal: ${this.topic} gave no offset`);
    this.own.add(at, at + 1);
    this.checkpoints.setSnapshot(persistenceId, sequenceNr, from, at);
  }

  async loadSnapshot(persistenceId: string): Promise<SelectedSnapshot | undefined> {
    const { start, end } = await this.reader.bounds();
    const search = await findSnapshot(this.reader, persistenceId, start, end);
    if (search.kind === 'absent') {
      this.checkpoints.setTail(persistenceId, logStart(end));
    }
    if (search.kind !== 'found') {
      this.checkpoints.setNoSnapshot(persistenceId);
      return undefined;
    }
    const found = search.record;
    const headers = snapshotHeadersOf(found) as SnapshotHeaders; // found only snapshot records
    let state: unknown;
    try {
      state = this.serializer.deserialize(found.value?.toString() ?? '');
    } catch (cause) {
      throw new JournalDeserializationError(persistenceId, headers.sequenceNr, cause);
    }
    this.checkpoints.setSnapshot(
      persistenceId,
      headers.sequenceNr,
      headers.checkpoint,
      Number(found.offset),
    );
    return { sequenceNr: headers.sequenceNr, state };
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

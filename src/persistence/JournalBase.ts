import { type NotUsed, Source } from '../core/index.js';
import type {
  EventEnvelope,
  Journal,
  PersistentEvent,
  QueryOptions,
  SelectedSnapshot,
} from './Journal.js';
import { JournalQuery } from './JournalQuery.js';

/**
 * What every journal shares: the write listeners and the two queries, built on the journal's own
 * `readEvents` and `readTagged`.
 */
export abstract class JournalBase implements Journal {
  private readonly listeners = new Set<() => void>();

  abstract writeEvents(persistenceId: string, events: readonly PersistentEvent[]): Promise<void>;
  abstract readEvents(
    persistenceId: string,
    fromSequenceNr: number,
    toSequenceNr: number,
    max: number,
  ): Promise<readonly EventEnvelope[]>;
  abstract readTagged(
    tag: string,
    afterOffset: number,
    max: number,
  ): Promise<readonly EventEnvelope[]>;
  abstract highestSequenceNr(persistenceId: string): Promise<number>;
  abstract saveSnapshot(persistenceId: string, sequenceNr: number, state: unknown): Promise<void>;
  abstract loadSnapshot(persistenceId: string): Promise<SelectedSnapshot | undefined>;
  abstract close(): Promise<void>;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells live queries in this process that events were written. */
  protected notifyWritten(): void {
    for (const listener of this.listeners) listener();
  }

  eventsByPersistenceId<E = unknown>(
    persistenceId: string,
    fromSequenceNr: number,
    toSequenceNr = Number.MAX_SAFE_INTEGER,
    options: QueryOptions = {},
  ): Source<EventEnvelope<E>, NotUsed> {
    const label = `eventsByPersistenceId(${persistenceId})`;
    // The journal stores events of every type; the caller names the type it wrote, as Akka's queries do.
    return Source.fromGraph(
      new JournalQuery<E>(label, this, options, {
        start: fromSequenceNr - 1,
        end: toSequenceNr,
        positionOf: sequenceNrOf,
        read: (after, max) => this.readEvents(persistenceId, after + 1, toSequenceNr, max),
      }),
    );
  }

  eventsByTag<E = unknown>(
    tag: string,
    afterOffset: number,
    options: QueryOptions = {},
  ): Source<EventEnvelope<E>, NotUsed> {
    return Source.fromGraph(
      new JournalQuery<E>(`eventsByTag(${tag})`, this, options, {
        start: afterOffset,
        end: Number.MAX_SAFE_INTEGER,
        positionOf: offsetOf,
        read: (after, max) => this.readTagged(tag, after, max),
      }),
    );
  }
}

const sequenceNrOf = (envelope: EventEnvelope): number => envelope.sequenceNr;
const offsetOf = (envelope: EventEnvelope): number => envelope.offset;

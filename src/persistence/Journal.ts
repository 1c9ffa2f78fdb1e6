import type { NotUsed, Source } from '../core/index.js';

/** One event to append, with the sequence number its writer assigned and the tags it carries. */
export interface PersistentEvent {
  readonly sequenceNr: number;
  readonly event: unknown;
  readonly tags: readonly string[];
}

/**
 * An event as the journal stored it: its persistence id, gapless sequence number, the journal-wide
 * `offset` that orders it among all events (what `eventsByTag` resumes from), and its tags.
 */
export interface EventEnvelope<E = unknown> {
  readonly persistenceId: string;
  readonly sequenceNr: number;
  readonly offset: number;
  readonly event: E;
  readonly tags: readonly string[];
}

/** The latest snapshot of a persistence id: the state after event `sequenceNr`. */
export interface SelectedSnapshot {
  readonly sequenceNr: number;
  readonly state: unknown;
}

/** How events and snapshots become stored text and back. */
export interface Serializer {
  serialize(value: unknown): string;
  deserialize(text: string): unknown;
}

/** The default serializer: JSON. */
export const jsonSerializer: Serializer = {
  serialize: (value) => JSON.stringify(value),
  deserialize: (text) => JSON.parse(text) as unknown,
};

/** Options of a query: `live` follows new events; `refreshIntervalMs` polls for other writers. */
export interface QueryOptions {
  /** Keep following new events instead of completing at the current end (default `false`). */
  readonly live?: boolean;
  /** How often a live query polls for events written by another process (default 100 ms). */
  readonly refreshIntervalMs?: number;
  /** Events read per journal round trip (default 1,000): the query's buffer bound. */
  readonly pageSize?: number;
}

/**
 * An event journal: appends events per persistence id with gapless sequence numbers, replays them,
 * keeps the latest snapshot, and answers the two queries of Akka Persistence Query.
 *
 * Conformance: see the shared journal suite in `test/persistence/journalConformance.ts`.
 */
export interface Journal {
  /**
   * Appends `events` atomically. Resolves only once they are durable.
   * @throws SequenceConflictError (as a rejection) when the first sequence number is not the
   * persistence id's highest plus one: another writer got there first.
   */
  writeEvents(persistenceId: string, events: readonly PersistentEvent[]): Promise<void>;
  /**
   * Reads at most `max` events of `persistenceId` with `fromSequenceNr <= sequenceNr <=
   * toSequenceNr`, in order.
   * @throws JournalDeserializationError (as a rejection) naming the first stored event that does not
   * deserialize; no event after it is returned.
   */
  readEvents(
    persistenceId: string,
    fromSequenceNr: number,
    toSequenceNr: number,
    max: number,
  ): Promise<readonly EventEnvelope[]>;
  /** Reads at most `max` events tagged `tag` with `offset > afterOffset`, in offset order. */
  readTagged(tag: string, afterOffset: number, max: number): Promise<readonly EventEnvelope[]>;
  /** The highest sequence number written for `persistenceId`, 0 if none. */
  highestSequenceNr(persistenceId: string): Promise<number>;
  /** Stores `state` as the snapshot after event `sequenceNr`, replacing an older one. */
  saveSnapshot(persistenceId: string, sequenceNr: number, state: unknown): Promise<void>;
  /** The latest snapshot of `persistenceId`, or `undefined` when it has none. */
  loadSnapshot(persistenceId: string): Promise<SelectedSnapshot | undefined>;
  /** Calls `listener` after each write in this process; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * The events of `persistenceId` from `fromSequenceNr` to `toSequenceNr` (inclusive, default
   * unbounded); completes at the current end unless `live`.
   */
  eventsByPersistenceId<E = unknown>(
    persistenceId: string,
    fromSequenceNr: number,
    toSequenceNr?: number,
    options?: QueryOptions,
  ): Source<EventEnvelope<E>, NotUsed>;
  /**
   * The events tagged `tag` with an offset above `afterOffset` (0 for all), across persistence
   * ids, in offset order; completes at the current end unless `live`.
   */
  eventsByTag<E = unknown>(
    tag: string,
    afterOffset: number,
    options?: QueryOptions,
  ): Source<EventEnvelope<E>, NotUsed>;
  /** Releases the journal's resources. */
  close(): Promise<void>;
}

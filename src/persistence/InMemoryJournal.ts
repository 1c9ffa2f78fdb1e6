import type { EventEnvelope, PersistentEvent, SelectedSnapshot, Serializer } from './Journal.js';
import { jsonSerializer } from './Journal.js';
import { JournalBase } from './JournalBase.js';
import { JournalDeserializationError } from './JournalDeserializationError.js';
import { SequenceConflictError } from './SequenceConflictError.js';

interface StoredEvent {
  readonly persistenceId: string;
  readonly sequenceNr: number;
  readonly offset: number;
  payload: string;
  readonly tags: readonly string[];
}

/**
 * A journal in this process's memory, for tests and examples. Events are stored serialized, as a
 * real journal stores them, so a test sees the same copies and the same deserialization errors.
 * @example
 * ```ts
 * import { EventSourcing, InMemoryJournal } from 'sluice/persistence';
 *
 * const journal = new InMemoryJournal();
 * const counter = EventSourcing.flow<number, number, number, number>({
 *   persistenceId: 'counter',
 *   journal,
 *   emptyState: 0,
 *   onRequest: (_state, n) => ({ events: [n], reply: n }),
 *   onEvent: (state, n) => state + n,
 * });
 * ```
 */
export class InMemoryJournal extends JournalBase {
  private readonly byId = new Map<string, StoredEvent[]>();
  private readonly byTag = new Map<string, StoredEvent[]>();
  private readonly snapshots = new Map<string, { sequenceNr: number; payload: string }>();
  private lastOffset = 0;

  constructor(private readonly serializer: Serializer = jsonSerializer) {
    super();
  }

  writeEvents(persistenceId: string, events: readonly PersistentEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const stored = this.byId.get(persistenceId) ?? [];
    const highest = stored.length;
    for (let i = 0; i < events.length; i++) {
      const sequenceNr = (events[i] as PersistentEvent).sequenceNr;
      if (sequenceNr !== highest + 1 + i) {
        return Promise.reject(new SequenceConflictError(persistenceId, sequenceNr, highest));
      }
    }
    let payloads: string[];
    try {
      payloads = events.map((e) => this.serializer.serialize(e.event));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (stored.length === 0) this.byId.set(persistenceId, stored);
    events.forEach((e, i) => {
      const row: StoredEvent = {
        persistenceId,
        sequenceNr: e.sequenceNr,
        offset: ++this.lastOffset,
        payload: payloads[i] as string,
        tags: e.tags,
      };
      stored.push(row);
      for (const tag of e.tags) {
        let tagged = this.byTag.get(tag);
        if (tagged === undefined) this.byTag.set(tag, (tagged = []));
        tagged.push(row);
      }
    });
    this.notifyWritten();
    return Promise.resolve();
  }

  readEvents(
    persistenceId: string,
    fromSequenceNr: number,
    toSequenceNr: number,
    max: number,
  ): Promise<readonly EventEnvelope[]> {
    const stored = this.byId.get(persistenceId) ?? [];
    const from = Math.max(fromSequenceNr, 1) - 1;
    const to = Math.min(toSequenceNr, stored.length, from + max);
    return this.envelopes(stored.slice(from, Math.max(to, from)));
  }

  readTagged(tag: string, afterOffset: number, max: number): Promise<readonly EventEnvelope[]> {
    const tagged = this.byTag.get(tag) ?? [];
    let lo = 0;
    let hi = tagged.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((tagged[mid] as StoredEvent).offset <= afterOffset) lo = mid + 1;
      else hi = mid;
    }
    return this.envelopes(tagged.slice(lo, lo + max));
  }

  highestSequenceNr(persistenceId: string): Promise<number> {
    return Promise.resolve(this.byId.get(persistenceId)?.length ?? 0);
  }

  saveSnapshot(persistenceId: string, sequenceNr: number, state: unknown): Promise<void> {
    const current = this.snapshots.get(persistenceId);
    if (current === undefined || current.sequenceNr < sequenceNr) {
      this.snapshots.set(persistenceId, { sequenceNr, payload: this.serializer.serialize(state) });
    }
    return Promise.resolve();
  }

  loadSnapshot(persistenceId: string): Promise<SelectedSnapshot | undefined> {
    const snapshot = this.snapshots.get(persistenceId);
    if (snapshot === undefined) return Promise.resolve(undefined);
    try {
      const state = this.serializer.deserialize(snapshot.payload);
      return Promise.resolve({ sequenceNr: snapshot.sequenceNr, state });
    } catch (cause) {
      return Promise.reject(
        new JournalDeserializationError(persistenceId, snapshot.sequenceNr, cause),
      );
    }
  }

  /** Overwrites a stored event's text: how tests plant a record that does not deserialize. */
  corrupt(persistenceId: string, sequenceNr: number, payload: string): void {
    const row = this.byId.get(persistenceId)?.[sequenceNr - 1];
    if (row === undefined) {
      throw new RangeError(`InMemoryJournal: no event ${persistenceId} at ${String(sequenceNr)}`);
    }
    row.payload = payload;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private envelopes(rows: readonly StoredEvent[]): Promise<readonly EventEnvelope[]> {
    const out: EventEnvelope[] = [];
    for (const row of rows) {
      let event: unknown;
      try {
        event = this.serializer.deserialize(row.payload);
      } catch (cause) {
        return Promise.reject(
          new JournalDeserializationError(row.persistenceId, row.sequenceNr, cause),
        );
      }
      out.push({
        persistenceId: row.persistenceId,
        sequenceNr: row.sequenceNr,
        offset: row.offset,
        event,
        tags: row.tags,
      });
    }
    return Promise.resolve(out);
  }
}

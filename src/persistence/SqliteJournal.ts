import Database from 'better-sqlite3';
import type { EventEnvelope, PersistentEvent, SelectedSnapshot, Serializer } from './Journal.js';
import { jsonSerializer } from './Journal.js';
import { JournalBase } from './JournalBase.js';
import { JournalDeserializationError } from './JournalDeserializationError.js';
import { SequenceConflictError } from './SequenceConflictError.js';

interface Row {
  readonly ordering: number;
  readonly persistence_id: string;
  readonly sequence_nr: number;
  readonly payload: string;
  readonly tags: string;
}

// A row of one id's events in raw mode: ordering, sequence_nr, payload, tags. Arrays are cheaper
// for the driver to build than objects with named keys, and recovery reads one per event.
type EventRow = [number, number, string, string];

interface PendingWrite {
  readonly persistenceId: string;
  readonly events: readonly PersistentEvent[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  error: Error | undefined;
}

/** Settings of {@link SqliteJournal.open}. */
export interface SqliteJournalSettings {
  /** How events and snapshots are stored (default JSON). */
  readonly serializer?: Serializer;
}

const NoTags: readonly string[] = [];

const Schema = `
CREATE TABLE IF NOT EXISTS journal (
  ordering INTEGER PRIMARY KEY,
  persistence_id TEXT NOT NULL,
  sequence_nr INTEGER NOT NULL,
  payload TEXT NOT NULL,
  tags TEXT NOT NULL,
  UNIQUE (persistence_id, sequence_nr)
);
CREATE TABLE IF NOT EXISTS journal_tags (
  tag TEXT NOT NULL,
  ordering INTEGER NOT NULL,
  PRIMARY KEY (tag, ordering)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
  persistence_id TEXT PRIMARY KEY,
  sequence_nr INTEGER NOT NULL,
  payload TEXT NOT NULL
);`;

/**
 * A journal in one SQLite file (better-sqlite3): WAL mode with `synchronous=FULL`, so a write is
 * acknowledged only once its commit reached the disk. The schema is created on first use and the
 * snapshots live in the same file. Writes requested in the same turn of the event loop commit in
 * one transaction (group commit); each write still succeeds or fails on its own.
 * @example
 * ```ts
 * import { SqliteJournal } from 'sluice/persistence';
 *
 * const journal = SqliteJournal.open('./accounts.db');
 * ```
 */
export class SqliteJournal extends JournalBase {
  private readonly db: Database.Database;
  private readonly serializer: Serializer;
  private pending: PendingWrite[] = [];
  private isFlushScheduled = false;
  private readonly insertEvent: Database.Statement<[number | null, string, number, string, string]>;
  private readonly insertTag: Database.Statement<[string, number | bigint]>;
  private readonly selectHighest: Database.Statement<[string], { highest: number | null }>;
  private readonly selectEvents: Database.Statement<[string, number, number, number], EventRow>;
  private readonly selectTagged: Database.Statement<[string, number, number], Row>;
  private readonly upsertSnapshot: Database.Statement<[string, number, string]>;
  private readonly selectSnapshot: Database.Statement<
    [string],
    { sequence_nr: number; payload: string }
  >;
  private readonly writeOne: (write: PendingWrite) => void;
  private readonly writeGroup: (writes: readonly PendingWrite[]) => void;

  /**
   * Opens (creating if needed) the journal in the SQLite file at `path`.
   * @throws the driver's error when the file cannot be opened.
   */
  static open(path: string, settings: SqliteJournalSettings = {}): SqliteJournal {
    return new SqliteJournal(new Database(path), settings.serializer ?? jsonSerializer);
  }

  private constructor(db: Database.Database, serializer: Serializer) {
    super();
    this.db = db;
    this.serializer = serializer;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(Schema);
    this.insertEvent = db.prepare(
      'INSERT INTO journal (ordering, persistence_id, sequence_nr, payload, tags) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertTag = db.prepare('INSERT INTO journal_tags (tag, ordering) VALUES (?, ?)');
    this.selectHighest = db.prepare(
      'SELECT max(sequence_nr) AS highest FROM journal WHERE persistence_id = ?',
    );
    this.selectEvents = db
      .prepare<[string, number, number, number], EventRow>(
        'SELECT ordering, sequence_nr, payload, tags FROM journal WHERE persistence_id = ? AND sequence_nr >= ? AND sequence_nr <= ? ORDER BY sequence_nr LIMIT ?',
      )
      .raw(true);
    this.selectTagged = db.prepare(
      'SELECT j.ordering, j.persistence_id, j.sequence_nr, j.payload, j.tags FROM journal_tags t JOIN journal j ON j.ordering = t.ordering WHERE t.tag = ? AND t.ordering > ? ORDER BY t.ordering LIMIT ?',
    );
    this.upsertSnapshot = db.prepare(
      'INSERT INTO snapshots (persistence_id, sequence_nr, payload) VALUES (?, ?, ?) ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = excluded.sequence_nr, payload = excluded.payload WHERE excluded.sequence_nr > snapshots.sequence_nr',
    );
    this.selectSnapshot = db.prepare(
      'SELECT sequence_nr, payload FROM snapshots WHERE persistence_id = ?',
    );
    // A nested better-sqlite3 transaction is a savepoint: a conflicting write rolls back alone.
    this.writeOne = db.transaction((write: PendingWrite) => {
      this.append(write);
    });
    this.writeGroup = db.transaction((writes: readonly PendingWrite[]) => {
      for (const write of writes) {
        try {
          this.writeOne(write);
        } catch (error) {
          write.error = error instanceof Error ? error : new Error(String(error));
        }
      }
    });
  }

  writeEvents(persistenceId: string, events: readonly PersistentEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ persistenceId, events, resolve, reject, error: undefined });
      if (!this.isFlushScheduled) {
        this.isFlushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.isFlushScheduled = false;
    const writes = this.pending;
    this.pending = [];
    try {
      this.writeGroup(writes); // returns after COMMIT, which synchronous=FULL made durable
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const write of writes) write.reject(failure);
      return;
    }
    let isAnyWritten = false;
    for (const write of writes) {
      if (write.error === undefined) {
        isAnyWritten = true;
        write.resolve();
      } else {
        write.reject(write.error);
      }
    }
    if (isAnyWritten) this.notifyWritten();
  };

  private append(write: PendingWrite): void {
    const id = write.persistenceId;
    const highest = this.selectHighest.get(id)?.highest ?? 0;
    const first = (write.events[0] as PersistentEvent).sequenceNr; // writeEvents refused empty
    if (first !== highest + 1) throw new SequenceConflictError(id, first, highest);
    let expected = first;
    for (const e of write.events) {
      if (e.sequenceNr !== expected++) throw new SequenceConflictError(id, e.sequenceNr, highest);
      const tags = e.tags.length === 0 ? '' : JSON.stringify(e.tags);
      const info = this.insertEvent.run(
        null,
        id,
        e.sequenceNr,
        this.serializer.serialize(e.event),
        tags,
      );
      for (const tag of e.tags) this.insertTag.run(tag, info.lastInsertRowid);
    }
  }

  readEvents(
    persistenceId: string,
    fromSequenceNr: number,
    toSequenceNr: number,
    max: number,
  ): Promise<readonly EventEnvelope[]> {
    try {
      return Promise.resolve(
        this.eventsOf(
          persistenceId,
          this.selectEvents.all(persistenceId, fromSequenceNr, toSequenceNr, max),
        ),
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  readTagged(tag: string, afterOffset: number, max: number): Promise<readonly EventEnvelope[]> {
    try {
      return Promise.resolve(this.envelopes(this.selectTagged.all(tag, afterOffset, max)));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  highestSequenceNr(persistenceId: string): Promise<number> {
    return Promise.resolve(this.selectHighest.get(persistenceId)?.highest ?? 0);
  }

  saveSnapshot(persistenceId: string, sequenceNr: number, state: unknown): Promise<void> {
    this.upsertSnapshot.run(persistenceId, sequenceNr, this.serializer.serialize(state));
    return Promise.resolve();
  }

  loadSnapshot(persistenceId: string): Promise<SelectedSnapshot | undefined> {
    const row = this.selectSnapshot.get(persistenceId);
    if (row === undefined) return Promise.resolve(undefined);
    try {
      return Promise.resolve({
        sequenceNr: row.sequence_nr,
        state: this.serializer.deserialize(row.payload),
      });
    } catch (cause) {
      return Promise.reject(new JournalDeserializationError(persistenceId, row.sequence_nr, cause));
    }
  }

  close(): Promise<void> {
    if (this.pending.length > 0) this.flush();
    this.db.close();
    return Promise.resolve();
  }

  // Deserializes in order and throws at the first bad row, so nothing after it is returned.
  private eventsOf(persistenceId: string, rows: readonly EventRow[]): EventEnvelope[] {
    const serializer = this.serializer;
    const out: EventEnvelope[] = new Array<EventEnvelope>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as EventRow;
      let event: unknown;
      try {
        event = serializer.deserialize(row[2]);
      } catch (cause) {
        throw new JournalDeserializationError(persistenceId, row[1], cause);
      }
      out[i] = {
        persistenceId,
        sequenceNr: row[1],
        offset: row[0],
        event,
        tags: row[3] === '' ? NoTags : (JSON.parse(row[3]) as string[]),
      };
    }
    return out;
  }

  // Deserializes in order and throws at the first bad row, so nothing after it is returned.
  private envelopes(rows: readonly Row[]): EventEnvelope[] {
    const out: EventEnvelope[] = new Array<EventEnvelope>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Row;
      let event: unknown;
      try {
        event = this.serializer.deserialize(row.payload);
      } catch (cause) {
        throw new JournalDeserializationError(row.persistence_id, row.sequence_nr, cause);
      }
      out[i] = {
        persistenceId: row.persistence_id,
        sequenceNr: row.sequence_nr,
        offset: row.ordering,
        event,
        tags: row.tags === '' ? NoTags : (JSON.parse(row.tags) as string[]),
      };
    }
    return out;
  }
}

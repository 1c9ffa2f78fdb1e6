import type { Checkpoint, SnapshotPointer } from './JournalRecord.js';

/** What the journal remembers of one persistence id. */
interface Known {
  /** The furthest checkpoint known: the id's tail at that offset. */
  tail: Checkpoint | undefined;
  /** Where the last read of the id stopped, so the next page resumes there. */
  cursor: Checkpoint | undefined;
  /** The checkpoint the latest snapshot replays from. */
  snapshot: Checkpoint | undefined;
  /** The highest snapshot sequence number saved or loaded. */
  snapshotSequenceNr: number;
  /** Where the latest snapshot record is; `null` when there is none, `undefined` if not known. */
  pointer: SnapshotPointer | null | undefined;
}

/**
 * @internal Per persistence id, where scans can start instead of the log start; least recently used
 * ids are forgotten beyond `capacity` (forgetting costs only a longer scan).
 */
export class Checkpoints {
  private readonly known = new Map<string, Known>();

  constructor(private readonly capacity: number) {}

  private entry(persistenceId: string): Known {
    let known = this.known.get(persistenceId);
    if (known === undefined) {
      known = {
        tail: undefined,
        cursor: undefined,
        snapshot: undefined,
        snapshotSequenceNr: 0,
        pointer: undefined,
      };
      if (this.known.size >= this.capacity) {
        const oldest = this.known.keys().next();
        if (oldest.done !== true) this.known.delete(oldest.value);
      }
    } else {
      this.known.delete(persistenceId); // re-inserted below: the map stays in LRU order
    }
    this.known.set(persistenceId, known);
    return known;
  }

  /** The known tail of `persistenceId`, or `undefined`. */
  tail(persistenceId: string): Checkpoint | undefined {
    return this.known.get(persistenceId)?.tail;
  }

  /**
   * The furthest checkpoint before every event from `fromSequenceNr` on and at or before
   * `atMostOffset`, or `fallback`.
   */
  best(
    persistenceId: string,
    fromSequenceNr: number,
    atMostOffset: number,
    fallback: Checkpoint,
  ): Checkpoint {
    const known = this.known.get(persistenceId);
    let best = fallback;
    if (known === undefined) return best;
    for (const c of [known.tail, known.cursor, known.snapshot]) {
      if (
        c !== undefined &&
        c.highest < fromSequenceNr &&
        c.offset <= atMostOffset &&
        c.offset > best.offset
      )
        best = c;
    }
    return best;
  }

  /** Records the id's tail at a checkpoint, unless a further one is known. */
  setTail(persistenceId: string, at: Checkpoint): void {
    const known = this.entry(persistenceId);
    if (known.tail === undefined || known.tail.offset <= at.offset) known.tail = at;
  }

  setCursor(persistenceId: string, at: Checkpoint): void {
    this.entry(persistenceId).cursor = at;
  }

  /** Records the latest snapshot: its sequence number, replay checkpoint and record offset. */
  setSnapshot(persistenceId: string, sequenceNr: number, at: Checkpoint, offset: number): void {
    const known = this.entry(persistenceId);
    if (sequenceNr < known.snapshotSequenceNr) return;
    known.snapshot = at;
    known.snapshotSequenceNr = sequenceNr;
    known.pointer = { offset, sequenceNr };
  }

  /** Records that the id has no snapshot. */
  setNoSnapshot(persistenceId: string): void {
    const known = this.entry(persistenceId);
    if (known.pointer === undefined) known.pointer = null;
  }

  /** Where the id's latest snapshot is, as far as this journal knows. */
  pointer(persistenceId: string): SnapshotPointer | null | undefined {
    return this.known.get(persistenceId)?.pointer;
  }

  snapshotSequenceNr(persistenceId: string): number {
    return this.known.get(persistenceId)?.snapshotSequenceNr ?? 0;
  }
}

import type { PersistentEvent, SelectedSnapshot } from './Journal.js';

/** @internal A request taken in by an event-sourced stage, held until its reply can be emitted. */
export class PendingRequest<State> {
  reply: unknown = undefined;
  /** The entity's sequence number after this request's events; its reply waits for this ack. */
  sequenceNr = 0;
  isDecided = false;
  constructor(
    readonly entity: Entity<State>,
    readonly request: unknown,
  ) {}
}

/** @internal One live event-sourced entity: its state, its sequence numbers and its writes. */
export class Entity<State> {
  /** The sequence number of the last event decided: includes events still being written. */
  sequenceNr = 0;
  /** The sequence number of the last event the journal acknowledged. */
  ackedSequenceNr = 0;
  isRecovering = true;
  isWriting = false;
  /** The last sequence number of the write in flight. */
  writingUpTo = 0;
  /** Events decided while a write is in flight: the next write. */
  batch: PersistentEvent[] = [];
  /** Requests that came during recovery, decided once it ends. */
  stash: PendingRequest<State>[] = [];
  /** Requests taken in and not yet replied to. */
  outstanding = 0;
  lastSnapshotSequenceNr = 0;
  /** A snapshot to save once its sequence number is acknowledged. */
  snapshotDue: SelectedSnapshot | undefined = undefined;
  constructor(
    readonly key: string,
    readonly persistenceId: string,
    public state: State,
  ) {}

  get isIdle(): boolean {
    return this.outstanding === 0 && !this.isWriting && !this.isRecovering;
  }
}

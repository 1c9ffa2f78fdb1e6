import {
  type InHandler,
  type OutHandler,
  RingBuffer,
  TimerGraphStageLogic,
} from '../core/index.js';
import { Entity, PendingRequest } from './Entity.js';
import type { EventSourcedStage, ResolvedSettings } from './EventSourcedStage.js';
import type { EventEnvelope, SelectedSnapshot } from './Journal.js';
import { JournalDeserializationError } from './JournalDeserializationError.js';
import { RecoveryError } from './RecoveryError.js';

const NoTags: readonly string[] = [];
const SingleKey = '';

/**
 * @internal Decides each request on the newest state, writes its events (batching the requests that
 * come while a write is in flight), and replies in request order once the journal acknowledged.
 */
export class EventSourcedLogic<Request, Event, State, Response>
  extends TimerGraphStageLogic
  implements InHandler, OutHandler
{
  private readonly settings: ResolvedSettings<Request, Event, State, Response>;
  private readonly entities = new Map<string, Entity<State>>();
  // Replies in request order; its capacity is the bound on requests held by the stage.
  private readonly queue: RingBuffer<PendingRequest<State>>;
  private fullBatches = 0;
  // A request for a new entity while every live entity is busy and the entity bound is reached.
  private blocked: Request | undefined = undefined;
  private readonly onSnapshot = this.getAsyncCallback(
    ([entity, snapshot]: readonly [Entity<State>, SelectedSnapshot | undefined]) => {
      this.snapshotLoaded(entity, snapshot);
    },
  );
  private readonly onPage = this.getAsyncCallback(
    ([entity, page]: readonly [Entity<State>, readonly EventEnvelope[]]) => {
      this.replayed(entity, page);
    },
  );
  private readonly onWritten = this.getAsyncCallback((entity: Entity<State>) => {
    this.written(entity);
  });
  private readonly onFailure = this.getAsyncCallback((error: unknown) => {
    this.failStage(error);
  });

  constructor(private readonly stage: EventSourcedStage<Request, Event, State, Response>) {
    super(stage.shape);
    this.settings = stage.settings;
    this.queue = new RingBuffer(2 * stage.settings.maxBatch);
    this.setHandlers(stage.shape.in, stage.shape.out, this);
  }

  override preStart(): void {
    // The single entity recovers before the first pull; keyed entities recover on first request.
    if (this.settings.persistenceId !== undefined) this.start(SingleKey);
    else this.pullIfRoom();
  }

  onPush(): void {
    this.take(this.grab(this.stage.shape.in));
    this.emitReady(); // a request without events may be answerable at once
  }

  onUpstreamFinish(): void {
    this.completeIfDone();
  }

  onPull(): void {
    this.emitReady();
  }

  protected onTimer(key: unknown): void {
    const entity = key as Entity<State>; // only passivation timers are scheduled
    if (entity.isIdle && this.entities.get(entity.key) === entity) this.passivate(entity);
  }

  private take(request: Request): void {
    const keying = this.settings.keying;
    const key = keying === undefined ? SingleKey : keying.key(request);
    let entity = this.entities.get(key);
    if (entity === undefined) {
      if (keying !== undefined && this.entities.size >= keying.maxEntities && !this.evictIdle()) {
        this.blocked = request;
        return;
      }
      entity = this.start(key);
    } else if (keying !== undefined) {
      // Re-inserting keeps the map in least-recently-used order for eviction.
      this.entities.delete(key);
      this.entities.set(key, entity);
      this.cancelTimer(entity);
    }
    const pending = new PendingRequest(entity, request);
    this.queue.enqueue(pending);
    entity.outstanding++;
    if (entity.isRecovering) entity.stash.push(pending);
    else this.decide(pending);
  }

  private pullIfRoom(): void {
    const inlet = this.stage.shape.in;
    if (this.isClosed(inlet) || this.hasBeenPulled(inlet) || this.blocked !== undefined) return;
    if (this.queue.length >= this.queue.capacity || this.fullBatches > 0) return;
    if (this.settings.keying === undefined && this.entities.get(SingleKey)?.isRecovering !== false)
      return;
    this.pull(inlet);
  }

  private decide(pending: PendingRequest<State>): void {
    const entity = pending.entity;
    const s = this.settings;
    const decision = s.onRequest(entity.state, pending.request as Request);
    const events = decision.events;
    if (events !== undefined && events.length > 0) {
      const wasFull = entity.batch.length >= s.maxBatch;
      for (const event of events) {
        entity.state = s.onEvent(entity.state, event);
        entity.batch.push({
          sequenceNr: ++entity.sequenceNr,
          event,
          tags: s.tagger === undefined ? NoTags : s.tagger(event),
        });
      }
      if (!wasFull && entity.batch.length >= s.maxBatch) this.fullBatches++;
      const every = s.snapshotEvery;
      if (every !== undefined && entity.sequenceNr - entity.lastSnapshotSequenceNr >= every) {
        entity.snapshotDue = { sequenceNr: entity.sequenceNr, state: entity.state };
        entity.lastSnapshotSequenceNr = entity.sequenceNr;
      }
    }
    if (decision.reply === undefined || decision.reply === null) {
      throw new TypeError(
        `${this.stage.name}: onRequest returned no reply for ${entity.persistenceId}; every request needs one`,
      );
    }
    pending.reply = decision.reply;
    pending.sequenceNr = entity.sequenceNr;
    pending.isDecided = true;
    if (!entity.isWriting) this.flush(entity);
  }

  private flush(entity: Entity<State>): void {
    const events = entity.batch;
    if (events.length === 0) return;
    if (events.length >= this.settings.maxBatch) this.fullBatches--;
    entity.batch = [];
    entity.isWriting = true;
    entity.writingUpTo = entity.sequenceNr;
    this.settings.journal.writeEvents(entity.persistenceId, events).then(
      () => {
        this.onWritten.invoke(entity);
      },
      (error: unknown) => {
        this.onFailure.invoke(error);
      },
    );
  }

  private written(entity: Entity<State>): void {
    entity.isWriting = false;
    entity.ackedSequenceNr = entity.writingUpTo;
    const snapshot = entity.snapshotDue;
    if (snapshot !== undefined && snapshot.sequenceNr <= entity.ackedSequenceNr) {
      entity.snapshotDue = undefined;
      // A lost snapshot only makes the next recovery replay more events, so it does not fail.
      this.settings.journal
        .saveSnapshot(entity.persistenceId, snapshot.sequenceNr, snapshot.state)
        .catch(() => undefined);
    }
    this.flush(entity);
    this.emitReady();
    this.pullIfRoom();
  }

  private emitReady(): void {
    const out = this.stage.shape.out;
    const queue = this.queue;
    while (!queue.isEmpty && this.isAvailable(out)) {
      const head = queue.peek() as PendingRequest<State>; // not empty
      if (!head.isDecided || head.sequenceNr > head.entity.ackedSequenceNr) break;
      queue.dequeue();
      const entity = head.entity;
      entity.outstanding--;
      this.push(out, head.reply as Response);
      const keying = this.settings.keying;
      if (keying !== undefined && entity.isIdle && Number.isFinite(keying.passivateAfterMs)) {
        this.scheduleOnce(entity, keying.passivateAfterMs);
      }
    }
    if (this.blocked !== undefined && this.evictIdle()) {
      const request = this.blocked;
      this.blocked = undefined;
      this.take(request);
    }
    this.completeIfDone();
    this.pullIfRoom();
  }

  private completeIfDone(): void {
    if (this.isClosed(this.stage.shape.in) && this.queue.isEmpty && this.blocked === undefined) {
      this.completeStage();
    }
  }

  // ---- entities: start, recover, passivate ----

  private start(key: string): Entity<State> {
    const keying = this.settings.keying;
    const persistenceId =
      keying === undefined ? (this.settings.persistenceId ?? key) : keying.persistenceIdOf(key);
    const entity = new Entity<State>(key, persistenceId, this.settings.emptyState);
    this.entities.set(key, entity);
    this.settings.journal.loadSnapshot(persistenceId).then(
      (snapshot) => {
        this.onSnapshot.invoke([entity, snapshot]);
      },
      (error: unknown) => {
        this.onFailure.invoke(new RecoveryError(persistenceId, 0, error));
      },
    );
    return entity;
  }

  private snapshotLoaded(entity: Entity<State>, snapshot: SelectedSnapshot | undefined): void {
    if (snapshot !== undefined) {
      entity.state = snapshot.state as State; // the journal holds what this entity's stage stored
      entity.sequenceNr = snapshot.sequenceNr;
      entity.lastSnapshotSequenceNr = snapshot.sequenceNr;
    }
    this.readPage(entity);
  }

  private readPage(entity: Entity<State>): void {
    const from = entity.sequenceNr + 1;
    this.settings.journal
      .readEvents(
        entity.persistenceId,
        from,
        Number.MAX_SAFE_INTEGER,
        this.settings.recoveryPageSize,
      )
      .then(
        (page) => {
          this.onPage.invoke([entity, page]);
        },
        (error: unknown) => {
          const at = error instanceof JournalDeserializationError ? error.sequenceNr : from;
          this.onFailure.invoke(new RecoveryError(entity.persistenceId, at, error));
        },
      );
  }

  private replayed(entity: Entity<State>, page: readonly EventEnvelope[]): void {
    const onEvent = this.settings.onEvent;
    for (const envelope of page) {
      if (envelope.sequenceNr !== entity.sequenceNr + 1) {
        throw new RecoveryError(
          entity.persistenceId,
          entity.sequenceNr + 1,
          new Error(`the journal returned sequence number ${String(envelope.sequenceNr)} instead`),
        );
      }
      entity.state = onEvent(entity.state, envelope.event as Event); // the type this stage wrote
      entity.sequenceNr++;
    }
    if (page.length === this.settings.recoveryPageSize) {
      this.readPage(entity);
      return;
    }
    entity.isRecovering = false;
    entity.ackedSequenceNr = entity.sequenceNr;
    const stash = entity.stash;
    entity.stash = [];
    for (const pending of stash) this.decide(pending);
    this.emitReady();
  }

  private evictIdle(): boolean {
    const keying = this.settings.keying;
    if (keying === undefined || this.entities.size < keying.maxEntities) return true;
    for (const entity of this.entities.values()) {
      if (entity.isIdle) {
        this.passivate(entity);
        return true;
      }
    }
    return false;
  }

  private passivate(entity: Entity<State>): void {
    this.cancelTimer(entity);
    this.entities.delete(entity.key);
  }
}

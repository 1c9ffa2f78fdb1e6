import type { Journal } from './Journal.js';

/** What `onRequest` decides: the events to persist (none for a query or a refusal) and the reply. */
export interface Decision<Event, Response> {
  readonly events?: readonly Event[];
  readonly reply: Response;
}

/** The settings shared by {@link EventSourcing.flow} and {@link EventSourcing.keyedFlow}. */
export interface EntitySettings<Request, Event, State, Response> {
  /** Where events and snapshots are stored. */
  readonly journal: Journal;
  /** The state before the first event. */
  readonly emptyState: State;
  /**
   * Decides a request on the state that includes every earlier request's events, even those still
   * being written. Must not mutate `state`.
   */
  readonly onRequest: (state: State, request: Request) => Decision<Event, Response>;
  /** Applies one event: returns the next state and must not mutate `state` (snapshots keep it). */
  readonly onEvent: (state: State, event: Event) => State;
  /** Save a snapshot after this many events since the last one (default: never). */
  readonly snapshotEvery?: number;
  /**
   * The events gathered into one write while the previous one is in flight (default 1,000): the
   * stage stops pulling when a batch holds this many, and holds at most twice this many requests.
   * A single request's events are never split, so a write exceeds it only by one request's events.
   */
  readonly maxBatch?: number;
  /** Events read per journal round trip while recovering (default 1,000): the replay's bound. */
  readonly recoveryPageSize?: number;
  /** The tags stored with an event, for `eventsByTag` (default none). */
  readonly tagger?: (event: Event) => readonly string[];
}

/** The settings of {@link EventSourcing.flow}: one entity under `persistenceId`. */
export interface EventSourcingSettings<Request, Event, State, Response> extends EntitySettings<
  Request,
  Event,
  State,
  Response
> {
  readonly persistenceId: string;
}

/** The settings of {@link EventSourcing.keyedFlow}: one entity per key. */
export interface KeyedEventSourcingSettings<Request, Event, State, Response> extends EntitySettings<
  Request,
  Event,
  State,
  Response
> {
  /** The entity a request is for. */
  readonly key: (request: Request) => string;
  /** The persistence id of a key's entity (default: the key itself). */
  readonly persistenceIdOf?: (key: string) => string;
  /** An entity with nothing in flight for this long is stopped (default 120,000 ms). */
  readonly passivateAfterMs?: number;
  /** The most entities kept in memory at once (default 10,000). */
  readonly maxEntities?: number;
}

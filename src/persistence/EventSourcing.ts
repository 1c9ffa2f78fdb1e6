import {
  Flow,
  type NotUsed,
  requireFunction,
  requireNonNegativeDuration,
  requirePositiveInt,
} from '../core/index.js';
import { EventSourcedStage, type ResolvedSettings } from './EventSourcedStage.js';
import type {
  EntitySettings,
  EventSourcingSettings,
  KeyedEventSourcingSettings,
} from './EventSourcingSettings.js';

function resolve<Request, Event, State, Response>(
  name: string,
  s: EntitySettings<Request, Event, State, Response>,
): Omit<ResolvedSettings<Request, Event, State, Response>, 'persistenceId' | 'keying'> {
  requireFunction(name, 'onRequest', s.onRequest);
  requireFunction(name, 'onEvent', s.onEvent);
  if (typeof s.journal !== 'object') {
    throw new TypeError(`${name}: journal must be a Journal, got ${typeof s.journal}`);
  }
  const maxBatch = s.maxBatch ?? 1000;
  const recoveryPageSize = s.recoveryPageSize ?? 1000;
  requirePositiveInt(name, 'maxBatch', maxBatch);
  requirePositiveInt(name, 'recoveryPageSize', recoveryPageSize);
  if (s.snapshotEvery !== undefined) requirePositiveInt(name, 'snapshotEvery', s.snapshotEvery);
  if (s.tagger !== undefined) requireFunction(name, 'tagger', s.tagger);
  return {
    journal: s.journal,
    emptyState: s.emptyState,
    onRequest: s.onRequest,
    onEvent: s.onEvent,
    snapshotEvery: s.snapshotEvery,
    maxBatch,
    recoveryPageSize,
    tagger: s.tagger,
  };
}

/** Event-sourced stages: state recovered from a journal of the events that changed it. */
export const EventSourcing = {
  /**
   * One event-sourced entity as a flow of requests to replies. On materialization it loads the
   * latest snapshot of `persistenceId` and replays the events after it, then pulls requests. Each
   * request is decided by `onRequest` on the state including every earlier request's events (even
   * those still being written); its events are applied with `onEvent` and written, the requests
   * arriving during a write going into the next one. A reply is emitted once the journal
   * acknowledged its events, in request order.
   * - Emits when: the oldest request's events are acknowledged and downstream pulls.
   * - Backpressures when: recovering, or `2 × maxBatch` requests wait for replies, or the next
   *   write holds `maxBatch` events.
   * - Completes when: upstream completes and every reply was emitted.
   * - Cancels when: downstream cancels.
   *
   * Fails with the journal's error when a write fails (`SequenceConflictError` when another writer
   * appended to the same persistence id), and with `RecoveryError` when recovery fails.
   * @throws TypeError if a function setting is not a function; RangeError if `maxBatch`,
   * `recoveryPageSize` or `snapshotEvery` is not a positive integer.
   * @example
   * ```ts
   * import { Sink, Source } from 'sluice';
   * import { EventSourcing, InMemoryJournal } from 'sluice/persistence';
   *
   * const counter = EventSourcing.flow<number, number, number, number>({
   *   persistenceId: 'counter-1',
   *   journal: new InMemoryJournal(),
   *   emptyState: 0,
   *   onRequest: (total, n) => ({ events: [n], reply: total + n }),
   *   onEvent: (total, n) => total + n,
   * });
   * await Source.from([1, 2, 3]).via(counter).runWith(Sink.seq()); // [1, 3, 6]
   * ```
   * @see keyedFlow
   */
  flow<Request, Event, State, Response>(
    settings: EventSourcingSettings<Request, Event, State, Response>,
  ): Flow<Request, Response, NotUsed> {
    const name = 'eventSourcing';
    if (typeof settings.persistenceId !== 'string' || settings.persistenceId === '') {
      throw new TypeError(
        `${name}: persistenceId must be a non-empty string, got ${JSON.stringify(settings.persistenceId)}`,
      );
    }
    const resolved = resolve(name, settings);
    return Flow.fromGraph(
      new EventSourcedStage<Request, Event, State, Response>(name, {
        ...resolved,
        persistenceId: settings.persistenceId,
        keying: undefined,
      }),
    );
  },

  /**
   * One event-sourced entity per key on one stream, as {@link EventSourcing.flow} does for one:
   * an entity recovers on its first request, stops (passivates) after `passivateAfterMs` with
   * nothing in flight (on the materializer's clock), recovers again on its next request, and at
   * most `maxEntities` are live; a new key then evicts the least recently used idle entity.
   * Replies come in request order across keys.
   * - Emits when: the oldest request's events are acknowledged and downstream pulls.
   * - Backpressures when: `2 × maxBatch` requests wait for replies, or an entity's next write
   *   holds `maxBatch` events, or a new key finds `maxEntities` entities all busy.
   * - Completes when: upstream completes and every reply was emitted.
   * - Cancels when: downstream cancels.
   * @throws TypeError if a function setting is not a function; RangeError if a count is not a
   * positive integer or `passivateAfterMs` is negative.
   * @example
   * ```ts
   * import { Sink, Source } from 'sluice';
   * import { EventSourcing, InMemoryJournal } from 'sluice/persistence';
   *
   * interface Deposit { readonly account: string; readonly amount: number }
   * const accounts = EventSourcing.keyedFlow<Deposit, number, number, number>({
   *   key: (d) => d.account,
   *   journal: new InMemoryJournal(),
   *   emptyState: 0,
   *   onRequest: (balance, d) => ({ events: [d.amount], reply: balance + d.amount }),
   *   onEvent: (balance, amount) => balance + amount,
   * });
   * await Source.from([{ account: 'a', amount: 5 }]).via(accounts).runWith(Sink.seq()); // [5]
   * ```
   * @see flow
   */
  keyedFlow<Request, Event, State, Response>(
    settings: KeyedEventSourcingSettings<Request, Event, State, Response>,
  ): Flow<Request, Response, NotUsed> {
    const name = 'eventSourcing.keyed';
    requireFunction(name, 'key', settings.key);
    const persistenceIdOf = settings.persistenceIdOf ?? ((key: string) => key);
    requireFunction(name, 'persistenceIdOf', persistenceIdOf);
    const passivateAfterMs = settings.passivateAfterMs ?? 120_000;
    if (passivateAfterMs !== Number.POSITIVE_INFINITY) {
      requireNonNegativeDuration(name, 'passivateAfterMs', passivateAfterMs);
    }
    const maxEntities = settings.maxEntities ?? 10_000;
    requirePositiveInt(name, 'maxEntities', maxEntities);
    const resolved = resolve(name, settings);
    return Flow.fromGraph(
      new EventSourcedStage<Request, Event, State, Response>(name, {
        ...resolved,
        persistenceId: undefined,
        keying: { key: settings.key, persistenceIdOf, passivateAfterMs, maxEntities },
      }),
    );
  },
};

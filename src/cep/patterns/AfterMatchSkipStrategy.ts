/** The five after-match skip strategies of Flink CEP. */
export type SkipKind = 'noSkip' | 'skipToNext' | 'skipPastLastEvent' | 'skipToFirst' | 'skipToLast';

/**
 * What happens to the other partial matches once a match is emitted (Flink's
 * `AfterMatchSkipStrategy`), passed as the `afterMatchSkip` option. Each strategy discards the
 * partial (and pending complete) matches that started before a point of the emitted match:
 * - `noSkip()`: nothing is discarded; every match is emitted.
 * - `skipToNext()`: those that started at or before the match's first event.
 * - `skipPastLastEvent()`: those that started at or before its last event.
 * - `skipToFirst(name)`: those that started before the first event of step `name`.
 * - `skipToLast(name)`: those that started before the last event of step `name`.
 *
 * With any strategy but `noSkip`, a match waits until no partial match that started earlier is
 * alive, as in Flink, so the result does not depend on which completes first. When no event of
 * the match is mapped to `name`, nothing is discarded, unless `throwExceptionOnMiss()` was set.
 */
export class AfterMatchSkipStrategy {
  private constructor(
    /** Which strategy. */
    readonly kind: SkipKind,
    /** The step `skipToFirst`/`skipToLast` refer to. */
    readonly stepName: string | undefined,
    /** Whether a match without events for `stepName` fails the stream. */
    readonly isThrowingOnMiss: boolean,
  ) {}

  /** Every match is emitted; no partial match is discarded. */
  static noSkip(): AfterMatchSkipStrategy {
    return new AfterMatchSkipStrategy('noSkip', undefined, false);
  }

  /** Discards the partial matches that started with (or before) the emitted match's first event. */
  static skipToNext(): AfterMatchSkipStrategy {
    return new AfterMatchSkipStrategy('skipToNext', undefined, false);
  }

  /** Discards every partial match that started before the emitted match ended. */
  static skipPastLastEvent(): AfterMatchSkipStrategy {
    return new AfterMatchSkipStrategy('skipPastLastEvent', undefined, false);
  }

  /** Discards the partial matches that started before the first event of step `name`. */
  static skipToFirst(name: string): AfterMatchSkipStrategy {
    return new AfterMatchSkipStrategy('skipToFirst', name, false);
  }

  /** Discards the partial matches that started before the last event of step `name`. */
  static skipToLast(name: string): AfterMatchSkipStrategy {
    return new AfterMatchSkipStrategy('skipToLast', name, false);
  }

  /** The same strategy, failing the stream when a match has no event for its step. */
  throwExceptionOnMiss(): AfterMatchSkipStrategy {
    return new AfterMatchSkipStrategy(this.kind, this.stepName, true);
  }
}

import { Flow, type NotUsed } from '../../core/index.js';
import type { Watermark } from '../watermark/Watermark.js';
import { compilePattern } from './compilePattern.js';
import { dynamic } from './dynamic.js';
import type { Pattern } from './Pattern.js';
import type { EventTimePatternOptions, PatternOptions } from './PatternOptions.js';
import { checkPatternOptions } from './PatternSettings.js';
import { PatternStage } from './PatternStage.js';
import { routeSideOutputs } from './routeSideOutputs.js';
import type { Simplify, StepEntry, StepKind } from './PatternTypes.js';
import { TimedOutMatch } from './TimedOutMatch.js';

type MatchFor<Done, N extends string, E, Kind extends StepKind> = Simplify<
  Done & StepEntry<N, E, Kind>
>;

/**
 * Finds a {@link Pattern} in a stream and emits its matches, typed from the pattern, as Flink's
 * `CEP.pattern(...).process(...)`: one NFA per key (`keyBy`), events matched in arrival order,
 * or in event-time order when `timestamp` is given (buffered until the watermark passes them;
 * later ones go to `lateData`). Partial matches past `within` go to `timedOut`, with what they
 * had matched, when the watermark or the clock passes their deadline even without new events.
 * - Emits when: an event completes a match (and, with a skip strategy, no partial match that
 *   started earlier is alive); a trailing `notFollowedBy` when its `within` passed.
 * - Backpressures when: downstream backpressures while matches are being emitted.
 * - Completes when: upstream completes (in event time, after the buffered events are matched and
 *   every partial match with `within` has timed out) and every match was emitted.
 * - Cancels when: downstream cancels.
 * @throws MalformedPatternError if the pattern ends in `notFollowedBy` without `within`, or the
 *   skip strategy names a step the pattern lacks.
 * @throws TypeError if `timestamp` or `keyBy` is not a function, or `watermark` is given without
 *   `timestamp`.
 * @throws RangeError if `maxPartialMatches` or `maxBufferedEvents` is not a positive integer.
 * @example
 * ```ts
 * import { Sink, Source } from 'sluice';
 * import { CEP, Pattern } from 'sluice/cep';
 *
 * interface Payment { card: string; amount: number }
 * declare const payments: Source<Payment, unknown>;
 *
 * const smallThenLarge = Pattern.of<Payment>()
 *   .begin('small')
 *   .where((p) => p.amount < 1)
 *   .times(3)
 *   .followedBy('large')
 *   .where((p) => p.amount > 500)
 *   .within(600_000);
 * const alerts = payments.via(
 *   CEP.pattern(smallThenLarge, { keyBy: (p: Payment) => p.card, timedOut: Sink.ignore() }),
 * );
 * ```
 */
function pattern<T, Done, N extends string, E extends T, Kind extends StepKind, K = undefined>(
  pattern: Pattern<T, Done, N, E, Kind>,
  options: EventTimePatternOptions<T, K, MatchFor<Done, N, E, Kind>>,
): Flow<T | Watermark, MatchFor<Done, N, E, Kind>, NotUsed>;
function pattern<T, Done, N extends string, E extends T, Kind extends StepKind, K = undefined>(
  pattern: Pattern<T, Done, N, E, Kind>,
  options?: PatternOptions<T, K, MatchFor<Done, N, E, Kind>>,
): Flow<T, MatchFor<Done, N, E, Kind>, NotUsed>;
function pattern<T, Done, N extends string, E extends T, Kind extends StepKind, K>(
  p: Pattern<T, Done, N, E, Kind>,
  options: PatternOptions<T, K, MatchFor<Done, N, E, Kind>> = {},
): Flow<T, MatchFor<Done, N, E, Kind>, NotUsed> {
  type M = MatchFor<Done, N, E, Kind>;
  const settings = checkPatternOptions('CEP.pattern', options);
  const compiled = compilePattern(
    p as Pattern<T, unknown, string, T, StepKind>,
    settings.afterMatchSkip,
  );
  const stage = new PatternStage<T>(settings, new Map([[undefined, compiled]]));
  const core = Flow.fromGraph(stage) as unknown as Flow<T, unknown, NotUsed>;
  const isTimedOut = (x: unknown): x is TimedOutMatch<M, K> => x instanceof TimedOutMatch;
  return routeSideOutputs(core, isTimedOut, options.timedOut, options.lateData);
}

/**
 * Complex event processing over patterns: see {@link Pattern}, `CEP.pattern`, and `CEP.dynamic`
 * for rules that change while the stream runs.
 */
export const CEP = { pattern, dynamic };

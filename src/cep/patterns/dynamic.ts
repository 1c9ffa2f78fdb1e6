import { Flow } from '../../core/index.js';
import type { Watermark } from '../watermark/Watermark.js';
import type { CompiledPattern } from './compilePattern.js';
import { compileRule, type RulePattern } from './compileRule.js';
import { DynamicPatternStage } from './DynamicPatternStage.js';
import type { PatternControl } from './PatternControl.js';
import type { DynamicPatternOptions, EventTimeDynamicPatternOptions } from './PatternOptions.js';
import { checkPatternOptions } from './PatternSettings.js';
import type { RuleMatch } from './RuleMatch.js';
import { routeSideOutputs } from './routeSideOutputs.js';
import { TimedOutRuleMatch } from './TimedOutRuleMatch.js';

/**
 * Finds the patterns of a rule set that changes while the stream runs (no Flink release has
 * this). Each rule is a {@link Pattern} under an id; the flow materializes to a
 * {@link PatternControl} that adds, swaps and removes rules between two elements, and says what
 * becomes of the old version's partial matches (`'finish'`, `'drop'` or `'timeOut'`). Each match
 * is a {@link RuleMatch} naming its rule and version. The options are `CEP.pattern`'s, shared
 * by all rules: keys, event time, skip strategy, bounds (`maxPartialMatches` per key and rule).
 * - Emits when: an event completes a match of a live rule version (as `CEP.pattern`).
 * - Backpressures when: downstream backpressures while matches are being emitted.
 * - Completes when: upstream completes (in event time, after the buffered events are matched and
 *   every partial match with `within` has timed out) and every match was emitted.
 * - Cancels when: downstream cancels.
 * @throws TypeError for a rule id that is empty, a rule that is not a `Pattern`, or options
 *   `CEP.pattern` refuses; MalformedPatternError and RangeError as `CEP.pattern`.
 * @example
 * ```ts
 * import { Keep, Sink, Source } from 'sluice';
 * import { CEP, Pattern } from 'sluice/cep';
 *
 * interface Payment { card: string; amount: number }
 * declare const payments: Source<Payment, unknown>;
 *
 * const large = Pattern.of<Payment>().begin('large').where((p) => p.amount > 500);
 * const [control, done] = payments
 *   .viaMat(CEP.dynamic({ large }, { keyBy: (p: Payment) => p.card }), Keep.right)
 *   .toMat(Sink.foreach((m) => console.log(m.ruleId, m.version, m.match)), Keep.both)
 *   .run();
 * await control.swap('large', Pattern.of<Payment>().begin('large').where((p) => p.amount > 900), {
 *   partialMatches: 'drop',
 * });
 * ```
 */
export function dynamic<T, K = unknown>(
  initialRules: Readonly<Record<string, RulePattern<T>>>,
  options: EventTimeDynamicPatternOptions<T, K>,
): Flow<T | Watermark, RuleMatch<T>, PatternControl<T>>;
export function dynamic<T, K = unknown>(
  initialRules: Readonly<Record<string, RulePattern<T>>>,
  options?: DynamicPatternOptions<T, K>,
): Flow<T, RuleMatch<T>, PatternControl<T>>;
export function dynamic<T, K>(
  initialRules: Readonly<Record<string, RulePattern<T>>>,
  options: DynamicPatternOptions<T, K> = {},
): Flow<T, RuleMatch<T>, PatternControl<T>> {
  const name = 'CEP.dynamic';
  const settings = checkPatternOptions(name, options);
  const rules = new Map<string, CompiledPattern>();
  for (const [ruleId, pattern] of Object.entries(initialRules)) {
    rules.set(ruleId, compileRule(name, ruleId, pattern, settings.afterMatchSkip));
  }
  const stage = new DynamicPatternStage<T>(settings, rules);
  const core = Flow.fromGraph(stage) as unknown as Flow<T, unknown, PatternControl<T>>;
  const isTimedOut = (x: unknown): x is TimedOutRuleMatch<T, K> => x instanceof TimedOutRuleMatch;
  return routeSideOutputs(core, isTimedOut, options.timedOut, options.lateData);
}

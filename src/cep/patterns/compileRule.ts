import type { AfterMatchSkipStrategy } from './AfterMatchSkipStrategy.js';
import { type CompiledPattern, compilePattern } from './compilePattern.js';
import { Pattern } from './Pattern.js';
import type { StepKind } from './PatternTypes.js';

/**
 * Any pattern over events of type `T`, whatever its steps: what a dynamic rule set holds. Every
 * `Pattern` over `T` (or over a supertype of `T`) is one.
 */
export interface RulePattern<T> {
  /** Type-level only: the events it reads. */
  readonly eventType: (event: T) => void;
  /** Type-level only: the match it produces. */
  readonly matchType: unknown;
}

/**
 * @internal Checks a rule of `CEP.dynamic` and compiles its pattern.
 * @throws TypeError if `ruleId` is not a non-empty string or `pattern` is not a `Pattern`.
 * @throws MalformedPatternError as `CEP.pattern` does.
 */
export function compileRule<T>(
  operator: string,
  ruleId: string,
  pattern: RulePattern<T>,
  skip: AfterMatchSkipStrategy,
): CompiledPattern {
  if (typeof ruleId !== 'string' || ruleId.length === 0) {
    throw new TypeError(
      `${operator}: a rule id must be a non-empty string, got ${JSON.stringify(ruleId)}`,
    );
  }
  if (!(pattern instanceof Pattern)) {
    throw new TypeError(`${operator}: rule '${ruleId}' is not a Pattern`);
  }
  return compilePattern(pattern as unknown as Pattern<T, unknown, string, T, StepKind>, skip);
}

/**
 * A call on a {@link PatternControl} that could not be applied: the rule id is unknown (or, for
 * `add`, taken), or the stream has stopped. The stream itself goes on unless it had stopped.
 */
export class RuleChangeError extends Error {
  override readonly name = 'RuleChangeError';
  constructor(
    /** The operator's label (`CEP.dynamic#4`). */
    readonly operator: string,
    /** What was asked: `'add'`, `'swap'`, `'remove'` or `'rules'`. */
    readonly operation: string,
    /** The rule it was asked for; empty for `rules`. */
    readonly ruleId: string,
    reason: string,
  ) {
    super(
      ruleId === ''
        ? `${operator}: cannot ${operation}: ${reason}`
        : `${operator}: cannot ${operation} rule '${ruleId}': ${reason}`,
    );
  }

  /** @internal The call came after the stream stopped (or its input completed). */
  static stopped(operator: string, operation: string, ruleId: string): RuleChangeError {
    return new RuleChangeError(operator, operation, ruleId, 'the stream has stopped');
  }
}

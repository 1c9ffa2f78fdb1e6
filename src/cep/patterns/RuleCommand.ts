import type { CompiledPattern } from './compilePattern.js';
import type { RuleChangeError } from './RuleChangeError.js';

/**
 * What happens to the partial matches of a rule's old version when it is swapped or removed:
 * - `'finish'`: they run on to a match or a timeout (new partial matches start only on the new
 *   version); the old version is gone once none is left.
 * - `'drop'`: they are discarded, counted in `metrics.dropped`.
 * - `'timeOut'`: they go to the `timedOut` side output with what they had matched.
 *
 * Under every policy, complete matches a skip strategy held back are emitted.
 */
export type RuleChangePolicy = 'finish' | 'drop' | 'timeOut';

/** One live version of a rule, as `PatternControl.rules()` reports it. */
export interface RuleStatus {
  readonly ruleId: string;
  readonly version: number;
  /** False for an old version finishing its partial matches (policy `'finish'`). */
  readonly isActive: boolean;
  /** Keys holding partial matches of this version. */
  readonly keys: number;
}

/** @internal What a control asks of the stage; the stage fills in the outcome. */
export class RuleCommand {
  /** The version added, for `add` and `swap`. */
  version = 0;
  error: RuleChangeError | undefined = undefined;
  statuses: readonly RuleStatus[] = [];
  constructor(
    readonly operation: 'add' | 'swap' | 'remove' | 'rules',
    readonly ruleId: string,
    readonly pattern: CompiledPattern | undefined,
    readonly policy: RuleChangePolicy,
  ) {}
}

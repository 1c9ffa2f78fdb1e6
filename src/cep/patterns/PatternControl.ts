import { type AsyncCallback, StreamDetachedError } from '../../core/index.js';
import type { AfterMatchSkipStrategy } from './AfterMatchSkipStrategy.js';
import { compileRule, type RulePattern } from './compileRule.js';
import { RuleChangeError } from './RuleChangeError.js';
import { type RuleChangePolicy, RuleCommand, type RuleStatus } from './RuleCommand.js';

/** How `swap` and `remove` treat the old version's partial matches; `'finish'` by default. */
export interface RuleChangeOptions {
  readonly partialMatches?: RuleChangePolicy;
}

const policies: readonly string[] = ['finish', 'drop', 'timeOut'];

/**
 * The materialized value of `CEP.dynamic`: changes its rules while the stream runs. Each call is
 * applied by the stage between two elements (through an async callback) and returns a promise
 * resolved once it was applied. It rejects, and the stream goes on, for a malformed pattern
 * (`MalformedPatternError`), a bad argument (`TypeError`) or an unknown rule id
 * ({@link RuleChangeError}); it rejects with a `RuleChangeError` once the stream has stopped.
 */
export class PatternControl<T> {
  private callback: AsyncCallback<RuleCommand> | undefined = undefined;
  private stage: { readonly label: string } = { label: 'CEP.dynamic' };

  /** @internal */
  constructor(private readonly afterMatchSkip: AfterMatchSkipStrategy) {}

  /** @internal The stage's step is running: commands go through its callback. */
  bind(callback: AsyncCallback<RuleCommand>, stage: { readonly label: string }): void {
    this.callback = callback;
    this.stage = stage; // its label is set once the stream runs
  }

  private get label(): string {
    return this.stage.label;
  }

  /**
   * Adds a rule: from the next element on, events start partial matches of it.
   * @returns the rule's version: 1, or one more than its last if it was removed before.
   */
  add(ruleId: string, pattern: RulePattern<T>): Promise<number> {
    return this.change('add', ruleId, pattern, 'finish').then((c) => c.version);
  }

  /**
   * Replaces a rule's pattern with a new version: from the next element on, new partial matches
   * start only on it, and the old version's partial matches finish, are dropped or time out, as
   * `options.partialMatches` says.
   * @returns the new version.
   */
  swap(ruleId: string, pattern: RulePattern<T>, options: RuleChangeOptions = {}): Promise<number> {
    const policy = options.partialMatches ?? 'finish';
    return this.change('swap', ruleId, pattern, policy).then((c) => c.version);
  }

  /** Removes a rule; its partial matches finish, are dropped or time out, as `options` says. */
  remove(ruleId: string, options: RuleChangeOptions = {}): Promise<void> {
    return this.change('remove', ruleId, undefined, options.partialMatches ?? 'finish').then(
      () => undefined,
    );
  }

  /** The live rule versions, in the order events reach them: active ones and finishing ones. */
  rules(): Promise<readonly RuleStatus[]> {
    return this.send(new RuleCommand('rules', '', undefined, 'finish')).then((c) => c.statuses);
  }

  private async change(
    operation: 'add' | 'swap' | 'remove',
    ruleId: string,
    pattern: RulePattern<T> | undefined,
    policy: RuleChangePolicy,
  ): Promise<RuleCommand> {
    if (!policies.includes(policy)) {
      throw new TypeError(
        `${this.label}: partialMatches must be 'finish', 'drop' or 'timeOut', got ${JSON.stringify(policy)}`,
      );
    }
    const compiled =
      pattern === undefined
        ? undefined
        : compileRule(this.label, ruleId, pattern, this.afterMatchSkip);
    return this.send(new RuleCommand(operation, ruleId, compiled, policy));
  }

  private async send(command: RuleCommand): Promise<RuleCommand> {
    const callback = this.callback as AsyncCallback<RuleCommand>; // bound at materialization
    try {
      await callback.invokeWithFeedback(command);
    } catch (error) {
      if (!(error instanceof StreamDetachedError)) throw error;
      throw RuleChangeError.stopped(this.label, command.operation, command.ruleId);
    }
    if (command.error !== undefined) throw command.error;
    return command;
  }
}

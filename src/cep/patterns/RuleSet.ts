import type { CompiledPattern } from './compilePattern.js';
import { RuleChangeError } from './RuleChangeError.js';
import type { RuleChangePolicy, RuleCommand } from './RuleCommand.js';
import type { PatternSettings } from './PatternSettings.js';
import { PatternRunner, type RunnerOutput } from './PatternRunner.js';
import type { SharedBuffer } from './SharedBuffer.js';

/**
 * @internal The live rule versions of a pattern step, in the order events reach them: one for
 * `CEP.pattern`; for `CEP.dynamic`, the active version of each rule and the old versions still
 * finishing their partial matches. It applies the control's commands between elements.
 */
export class RuleSet<T> {
  readonly runners: PatternRunner<T>[] = [];
  /** The last version given to each rule id, so a rule removed and added again counts on. */
  private readonly versions = new Map<string, number>();
  private finishing = 0;

  constructor(
    private readonly settings: PatternSettings<T>,
    private readonly buffer: SharedBuffer<T>,
    private readonly out: RunnerOutput<T>,
  ) {}

  /** Adds a version after the runner at `at` (at the end by default). */
  add(ruleId: string | undefined, pattern: CompiledPattern, at = this.runners.length): number {
    const version = ruleId === undefined ? 1 : (this.versions.get(ruleId) ?? 0) + 1;
    if (ruleId !== undefined) this.versions.set(ruleId, version);
    const runner = new PatternRunner(
      pattern,
      ruleId,
      version,
      this.settings,
      this.buffer,
      this.out,
    );
    this.runners.splice(at, 0, runner);
    this.settings.metrics.rules++;
    return version;
  }

  /** Applies a control's command; `now` is the time partial matches timed out by it carry. */
  apply(command: RuleCommand, now: number, label: string): void {
    const { operation, ruleId } = command;
    if (operation === 'rules') {
      command.statuses = this.runners.map((r) => ({
        ruleId: r.ruleId as string, // every runner of a dynamic set has one
        version: r.version,
        isActive: r.isStarting,
        keys: r.liveKeys,
      }));
      return;
    }
    const at = this.runners.findIndex((r) => r.ruleId === ruleId && r.isStarting);
    if (operation === 'add') {
      if (at >= 0) command.error = new RuleChangeError(label, operation, ruleId, 'it exists');
      else command.version = this.add(ruleId, command.pattern as CompiledPattern); // add has one
      return;
    }
    if (at < 0) {
      const known = this.runners.filter((r) => r.isStarting).map((r) => `'${String(r.ruleId)}'`);
      const reason = `no such rule (rules: ${known.length === 0 ? 'none' : known.join(', ')})`;
      command.error = new RuleChangeError(label, operation, ruleId, reason);
      return;
    }
    const old = this.runners[at] as PatternRunner<T>; // non-null: found above
    if (operation === 'swap')
      command.version = this.add(ruleId, command.pattern as CompiledPattern, at + 1); // swap has one
    this.retire(old, command.policy, now);
  }

  /** Drops the old versions that have finished: no key holds a partial match of theirs. */
  prune(): void {
    if (this.finishing === 0) return;
    const runners = this.runners;
    let kept = 0;
    for (const r of runners) {
      if (r.isStarting || r.liveKeys > 0) runners[kept++] = r;
      else {
        this.finishing--;
        this.settings.metrics.rules--;
      }
    }
    runners.length = kept;
  }

  /** The input ended: every version emits what a skip strategy held back and drops the rest. */
  finish(): void {
    for (const r of this.runners) r.finish();
  }

  private retire(runner: PatternRunner<T>, policy: RuleChangePolicy, now: number): void {
    runner.stopStarting();
    if (policy === 'drop') runner.dropAll();
    else if (policy === 'timeOut') runner.timeOutAll(now);
    this.finishing++;
    this.prune();
  }
}

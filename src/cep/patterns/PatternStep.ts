import type { StepContext, StepSink } from '../../core/index.js';
import { Watermark } from '../watermark/Watermark.js';
import type { WatermarkGenerator, WatermarkOutput } from '../watermark/WatermarkGenerator.js';
import { badTimestamp } from '../watermark/badTimestamp.js';
import { LateElement } from '../windows/LateElement.js';
import { OutputQueue } from '../windows/OutputQueue.js';
import { periodicTimer, WindowClock } from '../windows/WindowClock.js';
import type { CompiledPattern } from './compilePattern.js';
import type { PatternControl } from './PatternControl.js';
import type { RuleRunner, RunnerOutput } from './RuleRunner.js';
import type { PatternSettings } from './PatternSettings.js';
import { RuleChangeError } from './RuleChangeError.js';
import type { RuleCommand } from './RuleCommand.js';
import { RuleMatch } from './RuleMatch.js';
import { RuleSet } from './RuleSet.js';
import { EventTimeQueue } from './EventTimeQueue.js';
import { SharedBuffer } from './SharedBuffer.js';
import { StrictRunner } from './StrictRunner.js';
import { TimedOutMatch } from './TimedOutMatch.js';
import { TimedOutRuleMatch } from './TimedOutRuleMatch.js';
import { TooManyPartialMatchesError } from './TooManyPartialMatchesError.js';

/**
 * @internal The step of `CEP.pattern` and `CEP.dynamic`: the rule versions it runs (each a
 * {@link PatternRunner}: one matcher per key, a heap of per-key deadlines for `within`); in event
 * time, a queue of events waiting for the watermark; the clock for `within` in processing time. A
 * dynamic step takes its control's commands through an async callback, between elements.
 */
export class PatternStep<T> implements StepSink<T | Watermark>, WatermarkOutput, RunnerOutput<T> {
  // In-order input costs an append and a shift, not two heap sifts.
  private readonly waiting = new EventTimeQueue<T>();
  private readonly output: OutputQueue<unknown>;
  private readonly rules: RuleSet<T>;
  private readonly runners: RuleRunner<T>[];
  /** The one rule of `CEP.pattern`, which never changes: its events skip the loop over rules. */
  private readonly single: RuleRunner<T> | undefined;
  /** The one rule, if on the strict path in processing time: it needs no clock, no deadline. */
  private readonly untimed: StrictRunner<T> | undefined;
  private readonly clock: WindowClock;
  private readonly isEventTime: boolean;
  private generator: WatermarkGenerator<T> | undefined = undefined;
  private isPerElementWatermark = false;
  private isUpstreamDone = false;
  private watermark = Number.MIN_SAFE_INTEGER;
  private seq = 0;

  /**
   * `patterns` are the initial rules by id; the one pattern of `CEP.pattern` has the id
   * `undefined`, and its output is untagged.
   */
  constructor(
    private readonly settings: PatternSettings<T>,
    patterns: ReadonlyMap<string | undefined, CompiledPattern>,
    control: PatternControl<T> | undefined,
    downstream: StepSink<unknown>,
    private readonly context: StepContext,
  ) {
    this.output = new OutputQueue(downstream, context);
    this.rules = new RuleSet(settings, new SharedBuffer<T>(settings.metrics), this);
    for (const [ruleId, pattern] of patterns) this.rules.add(ruleId, pattern);
    this.runners = this.rules.runners;
    this.single = control === undefined ? this.runners[0] : undefined;
    this.isEventTime = settings.timestamp !== undefined;
    this.untimed = this.untimedRunner();
    this.clock = WindowClock.forStep(context, (kind) => {
      this.onClock(kind);
    });
    control?.bind(
      context.logic.getAsyncCallback((command: RuleCommand) => {
        this.onCommand(command);
      }),
      context,
    );
  }

  onStart(): void {
    const strategy = this.settings.watermark;
    this.generator = this.clock.startWatermarks(strategy, this.isEventTime);
    this.isPerElementWatermark = this.isEventTime && strategy?.intervalMs === 0;
  }

  onElement(x: T | Watermark): void {
    if (Watermark.is(x)) {
      // Upstream watermarks count only when the operator does not generate its own.
      if (this.settings.watermark === undefined && !x.isIdle) this.emitWatermark(x.timestamp);
    } else if (this.untimed !== undefined) {
      this.matchUntimed(this.untimed, x);
    } else if (this.isEventTime) {
      this.arrive(x);
    } else {
      const now = this.context.materializer.clock.now();
      this.match(x, now);
      this.armClock();
    }
    this.output.flush();
  }

  onComplete(): void {
    this.isUpstreamDone = true;
    this.clock.stop();
    // In event time the end of the input ends time: buffered events match, `within` expires.
    if (this.isEventTime) this.emitWatermark(Number.MAX_SAFE_INTEGER);
    this.rules.finish();
    this.output.complete();
  }

  onStop(): void {
    this.clock.stop();
    this.settings.metrics.rules -= this.runners.length;
    this.runners.length = 0;
  }

  emitWatermark(timestamp: number): void {
    if (timestamp <= this.watermark) return;
    this.watermark = timestamp;
    const waiting = this.waiting;
    while (waiting.hasDue(timestamp)) {
      const event = waiting.shift();
      this.match(event, waiting.shiftedTimestamp);
    }
    this.expire(timestamp);
  }
  markIdle(): void {
    // One input: an idle input has nothing to hold back.
  }
  markActive(): void {
    // As markIdle.
  }

  onRunnerMatch(runner: RuleRunner<T>, match: Record<string, unknown>): void {
    const ruleId = runner.ruleId;
    this.output.push(
      ruleId === undefined
        ? match
        : new RuleMatch(ruleId, runner.version, match as RuleMatch<T>['match']),
    );
  }

  onRunnerTimedOut(
    runner: RuleRunner<T>,
    key: unknown,
    match: Record<string, unknown>,
    timestamp: number,
  ): void {
    if (!this.settings.routeTimedOut) return;
    const ruleId = runner.ruleId;
    this.output.push(
      ruleId === undefined
        ? new TimedOutMatch(key, match, timestamp)
        : new TimedOutRuleMatch(
            ruleId,
            runner.version,
            key,
            match as RuleMatch<T>['match'],
            timestamp,
          ),
    );
  }

  tooMany(key: unknown): TooManyPartialMatchesError {
    return new TooManyPartialMatchesError(this.context.label, key, this.settings.maxPartialMatches);
  }

  /** An event-time event: late, or queued until the watermark passes it. */
  private arrive(x: T): void {
    const settings = this.settings;
    const timestamp = (settings.timestamp as (element: T) => number)(x); // set in event time
    if (!Number.isFinite(timestamp)) throw badTimestamp(this.context.label, timestamp);
    const generator = this.generator;
    if (generator !== undefined) generator.onEvent(x, timestamp, this);
    if (timestamp <= this.watermark) {
      settings.metrics.lateEvents++;
      if (settings.routeLate) this.output.push(new LateElement(x, timestamp));
    } else {
      if (this.waiting.size >= settings.maxBufferedEvents) {
        throw new RangeError(
          `${this.context.label}: ${String(settings.maxBufferedEvents)} events wait for the watermark, the maxBufferedEvents bound`,
        );
      }
      this.waiting.add(x, timestamp, this.seq++);
    }
    if (this.isPerElementWatermark) (generator as WatermarkGenerator<T>).onPeriodicEmit(this);
  }

  private untimedRunner(): StrictRunner<T> | undefined {
    const single = this.single;
    return single instanceof StrictRunner && !this.isEventTime ? single : undefined;
  }

  /** An event for the strict path in processing time: no clock read, no deadline to arm. */
  private matchUntimed(runner: StrictRunner<T>, x: T): void {
    const keyBy = this.settings.keyBy;
    runner.match(x, keyBy === undefined ? undefined : keyBy(x));
  }

  /** Runs one event through every rule version. */
  private match(event: T, timestamp: number): void {
    const keyBy = this.settings.keyBy;
    const key = keyBy === undefined ? undefined : keyBy(event);
    const seq = this.seq++;
    const single = this.single;
    if (single !== undefined) {
      single.match(event, key, timestamp, seq);
      return;
    }
    for (const runner of this.runners) runner.match(event, key, timestamp, seq);
    this.rules.prune();
  }

  /** Times out every key's partial matches due at or before `time`. */
  private expire(time: number): void {
    for (const runner of this.runners) runner.expire(time);
    this.rules.prune();
  }

  /** Applies a control's command between elements, and sends on what it emitted. */
  private onCommand(command: RuleCommand): void {
    const label = this.context.label;
    if (this.isUpstreamDone) {
      command.error = RuleChangeError.stopped(label, command.operation, command.ruleId);
      return;
    }
    const now = this.isEventTime ? this.watermark : this.context.materializer.clock.now();
    this.rules.apply(command, now, label);
    if (!this.isEventTime) this.armClock();
    if (this.output.flush()) this.context.wake();
  }

  /** In processing time, a timer for the earliest deadline. */
  private armClock(): void {
    let at = this.single?.nextDeadline() ?? Number.MAX_SAFE_INTEGER;
    if (this.single === undefined) {
      for (const runner of this.runners) at = Math.min(at, runner.nextDeadline());
    }
    if (at !== Number.MAX_SAFE_INTEGER) this.clock.armProcessing(at);
  }

  private onClock(kind: number): void {
    if (this.isUpstreamDone) return;
    if (kind === periodicTimer) {
      (this.generator as WatermarkGenerator<T>).onPeriodicEmit(this); // periodic only with one
      const strategy = this.settings.watermark;
      if (strategy !== undefined) this.clock.schedulePeriodic(strategy.intervalMs);
    } else {
      this.clock.processingFired();
      this.expire(this.context.materializer.clock.now());
      this.armClock();
    }
    if (this.output.flush()) this.context.wake();
  }
}

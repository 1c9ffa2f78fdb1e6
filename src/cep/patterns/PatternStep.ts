import type { StepContext, StepSink } from '../../core/index.js';
import { Watermark } from '../watermark/Watermark.js';
import type { WatermarkGenerator, WatermarkOutput } from '../watermark/WatermarkGenerator.js';
import { badTimestamp } from '../watermark/badTimestamp.js';
import { LateElement } from '../windows/LateElement.js';
import { OutputQueue } from '../windows/OutputQueue.js';
import { TimerQueue } from '../windows/TimerQueue.js';
import { periodicTimer, WindowClock } from '../windows/WindowClock.js';
import type { KeyMatcher, MatcherOutput } from './KeyMatcher.js';
import { EventTimeQueue } from './EventTimeQueue.js';
import { MatcherPool } from './MatcherPool.js';
import type { PatternSettings } from './PatternSettings.js';
import { TimedOutMatch } from './TimedOutMatch.js';
import { TooManyPartialMatchesError } from './TooManyPartialMatchesError.js';

/** @internal A key's next timeout; stale once the key scheduled another. */
class Deadline<T> {
  constructor(
    readonly at: number,
    readonly matcher: KeyMatcher<T>,
  ) {}
}

const byDeadline = <T>(a: Deadline<T>, b: Deadline<T>): number => a.at - b.at;

/**
 * @internal The step of `CEP.pattern`: one matcher per key, created on a key's first event and
 * dropped when it holds no partial match; in event time, a queue of events waiting for the
 * watermark; a queue of per-key deadlines for `within`, run by the watermark or the clock.
 */
export class PatternStep<T> implements StepSink<T | Watermark>, WatermarkOutput, MatcherOutput {
  private readonly keys = new Map<unknown, KeyMatcher<T>>();
  // In-order input and in-order deadlines cost an append and a shift, not two heap sifts.
  private readonly waiting = new EventTimeQueue<T>();
  private readonly deadlines = new TimerQueue<Deadline<T>>(byDeadline);
  private readonly output: OutputQueue<unknown>;
  private readonly matchers: MatcherPool<T>;
  private readonly clock: WindowClock;
  private readonly isEventTime: boolean;
  private generator: WatermarkGenerator<T> | undefined = undefined;
  private isPerElementWatermark = false;
  private isUpstreamDone = false;
  private watermark = Number.MIN_SAFE_INTEGER;
  private seq = 0;

  constructor(
    private readonly settings: PatternSettings<T>,
    downstream: StepSink<unknown>,
    private readonly context: StepContext,
  ) {
    this.output = new OutputQueue(downstream, context);
    this.matchers = new MatcherPool<T>(settings, this);
    this.isEventTime = settings.timestamp !== undefined;
    this.clock = WindowClock.forStep(context, (kind) => {
      this.onClock(kind);
    });
  }

  onStart(): void {
    const strategy = this.settings.watermark;
    this.generator = this.clock.startWatermarks(strategy, this.isEventTime);
    this.isPerElementWatermark = this.isEventTime && strategy?.intervalMs === 0;
  }

  onElement(x: T | Watermark): void {
    if (x instanceof Watermark) {
      // Upstream watermarks count only when the operator does not generate its own.
      if (this.settings.watermark === undefined && !x.isIdle) this.emitWatermark(x.timestamp);
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
    for (const matcher of this.keys.values()) matcher.finish();
    this.keys.clear();
    this.settings.metrics.keys = 0;
    this.output.complete();
  }

  onStop(): void {
    this.clock.stop();
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

  onMatch(match: Record<string, unknown>): void {
    this.output.push(match);
  }

  get hasTimedOutSink(): boolean {
    return this.settings.routeTimedOut;
  }

  onTimedOut(key: unknown, match: Record<string, unknown>, timestamp: number): void {
    if (this.settings.routeTimedOut) this.output.push(new TimedOutMatch(key, match, timestamp));
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

  /** Runs one event through its key's matcher. */
  private match(event: T, timestamp: number): void {
    const settings = this.settings;
    const key = settings.keyBy === undefined ? undefined : settings.keyBy(event);
    let matcher = this.keys.get(key);
    if (matcher === undefined) {
      matcher = this.matchers.acquire(key);
      this.keys.set(key, matcher);
      settings.metrics.keys++;
    }
    matcher.process(event, timestamp, this.seq++);
    this.settle(matcher);
  }

  /** Drops a key without partial matches; schedules its next timeout. */
  private settle(matcher: KeyMatcher<T>): void {
    if (matcher.size === 0) {
      matcher.scheduledAt = Number.MAX_SAFE_INTEGER;
      if (this.keys.delete(matcher.key)) {
        this.settings.metrics.keys--;
        this.matchers.release(matcher);
      }
      return;
    }
    const at = matcher.nextDeadline();
    if (at === Number.MAX_SAFE_INTEGER || at === matcher.scheduledAt) return;
    matcher.scheduledAt = at;
    this.deadlines.add(new Deadline(at, matcher));
  }

  /** Times out every key's partial matches due at or before `time`. */
  private expire(time: number): void {
    const deadlines = this.deadlines;
    for (let top = deadlines.peek(); top !== undefined && top.at <= time; top = deadlines.peek()) {
      deadlines.pop();
      const matcher = top.matcher;
      if (matcher.scheduledAt !== top.at || this.keys.get(matcher.key) !== matcher) continue;
      matcher.scheduledAt = Number.MAX_SAFE_INTEGER;
      matcher.advanceTime(time);
      this.settle(matcher);
    }
  }

  /** In processing time, a timer for the earliest deadline. */
  private armClock(): void {
    const top = this.deadlines.peek();
    if (top !== undefined) this.clock.armProcessing(top.at);
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

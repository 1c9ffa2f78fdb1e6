import type { StepContext } from '../../../core/index.js';
import { TimerQueue } from '../TimerQueue.js';
import type { WindowClock } from '../WindowClock.js';
import type { TriggerContext } from './Trigger.js';
import { compareTriggerTimers, type TriggeredWindow, TriggerTimer } from './TriggeredWindow.js';

/**
 * @internal The timers of a triggered window step: event-time timers fire as the watermark
 * passes them, processing-time ones on the materializer's clock (one clock timer, for the
 * earliest). Deleted timers stay in their queue, marked dead, and are skipped when they pop.
 */
export class TriggerTimers<K, Acc> implements TriggerContext<unknown> {
  private readonly eventTimers = new TimerQueue<TriggerTimer<K, Acc>>(compareTriggerTimers);
  private readonly processingTimers = new TimerQueue<TriggerTimer<K, Acc>>(compareTriggerTimers);
  private seq = 0;
  /** The window the trigger is being called for: what `state` and the timer calls act on. */
  window: TriggeredWindow<K, Acc> | undefined = undefined;
  currentWatermark = Number.MIN_SAFE_INTEGER;

  constructor(
    private readonly context: StepContext,
    private readonly windowClock: WindowClock,
  ) {}

  get state(): unknown {
    return this.current().triggerState;
  }
  set state(state: unknown) {
    this.current().triggerState = state;
  }
  currentProcessingTime(): number {
    return this.context.materializer.clock.now();
  }
  registerEventTimeTimer(time: number): void {
    this.register(this.current(), time, true, false);
  }
  registerProcessingTimeTimer(time: number): void {
    this.register(this.current(), time, false, false);
  }
  deleteEventTimeTimer(time: number): void {
    this.delete(this.current(), time, true, false);
  }
  deleteProcessingTimeTimer(time: number): void {
    this.delete(this.current(), time, false, false);
  }

  register(
    window: TriggeredWindow<K, Acc>,
    at: number,
    isEventTime: boolean,
    isCleanup: boolean,
  ): void {
    if (window.isRemoved || window.timerAt(at, isEventTime, isCleanup) !== undefined) return;
    const timer = new TriggerTimer(at, isEventTime, isCleanup, window, this.seq++);
    window.timers.push(timer);
    if (isEventTime) this.eventTimers.add(timer);
    else {
      this.processingTimers.add(timer);
      this.windowClock.armProcessing(at);
    }
  }

  delete(
    window: TriggeredWindow<K, Acc>,
    at: number,
    isEventTime: boolean,
    isCleanup: boolean,
  ): void {
    const timer = window.timerAt(at, isEventTime, isCleanup);
    if (timer !== undefined) window.dropTimer(timer);
  }

  /** The next live event-time timer due by the watermark, taken off its window; or undefined. */
  nextEventTimer(): TriggerTimer<K, Acc> | undefined {
    return this.next(this.eventTimers, this.currentWatermark);
  }

  /** The next live processing-time timer due by `now`, taken off its window; or undefined. */
  nextProcessingTimer(now: number): TriggerTimer<K, Acc> | undefined {
    return this.next(this.processingTimers, now);
  }

  /** After the clock timer fired: arms it for the earliest live processing-time timer left. */
  rearm(): void {
    this.windowClock.processingFired();
    const queue = this.processingTimers;
    for (let top = queue.peek(); top !== undefined; top = queue.peek()) {
      if (top.isLive) {
        this.windowClock.armProcessing(top.at);
        return;
      }
      queue.pop();
    }
  }

  private current(): TriggeredWindow<K, Acc> {
    return this.window as TriggeredWindow<K, Acc>; // non-null: set before each trigger call
  }

  private next(
    queue: TimerQueue<TriggerTimer<K, Acc>>,
    upTo: number,
  ): TriggerTimer<K, Acc> | undefined {
    for (let top = queue.peek(); top !== undefined && top.at <= upTo; top = queue.peek()) {
      queue.pop();
      if (!top.isLive) continue;
      top.window.dropTimer(top);
      return top;
    }
    return undefined;
  }
}

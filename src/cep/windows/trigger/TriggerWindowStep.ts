import type { StepContext, StepSink } from '../../../core/index.js';
import { Watermark } from '../../watermark/Watermark.js';
import type { WatermarkGenerator, WatermarkOutput } from '../../watermark/WatermarkGenerator.js';
import { badTimestamp } from '../../watermark/badTimestamp.js';
import { LateElement } from '../LateElement.js';
import { OutputQueue } from '../OutputQueue.js';
import { idleTimer, periodicTimer, processingTimer, WindowClock } from '../WindowClock.js';
import type { WindowSettings } from '../WindowSettings.js';
import type { WindowOutput } from '../WindowStep.js';
import type { Trigger, TriggerResult } from './Trigger.js';
import type { TriggeredKey, TriggeredWindow } from './TriggeredWindow.js';
import { TriggeredWindows } from './TriggeredWindows.js';
import { TriggerTimers } from './TriggerTimers.js';

type Elements<T> = { value: T; timestamp: number }[];

/**
 * @internal The step of a window operator with a trigger, an evictor or idle closing (Flink's
 * `WindowOperator` and `EvictingWindowOperator`): the trigger decides on every element and timer;
 * windows go at their cleanup time (end plus allowed lateness), when purged with no timer pending,
 * or when their key or the stream goes idle. The default trigger never comes here: `WindowStep`
 * fires by time without a call per element.
 */
export class TriggerWindowStep<T, K, Acc, R> implements StepSink<T | Watermark>, WatermarkOutput {
  private readonly slots: number[];
  private readonly output: OutputQueue<WindowOutput<K, R, T>>;
  private readonly clock: WindowClock;
  private readonly timers: TriggerTimers<K, Acc>;
  private readonly windows: TriggeredWindows<T, K, Acc, R>;
  private readonly trigger: Trigger<T, unknown>;
  private generator: WatermarkGenerator<T> | undefined = undefined;
  private isUpstreamDone = false;
  /** When the last element arrived, on the clock: for `closeWhenStreamIdleMs`. */
  private lastElementAt = 0;
  /** The shorter idle option, or undefined without either. */
  private readonly idleCheckMs: number | undefined;

  constructor(
    private readonly settings: WindowSettings<T, K, Acc, R>,
    downstream: StepSink<WindowOutput<K, R, T>>,
    private readonly context: StepContext,
  ) {
    this.output = new OutputQueue(downstream, context);
    this.slots = new Array<number>(2 * settings.assigner.maxWindowsPerElement).fill(0);
    this.trigger = settings.trigger as Trigger<T, unknown>; // this step runs only with one
    this.clock = new WindowClock(
      context,
      context.logic.getAsyncCallback((kind: number) => {
        this.onClock(kind);
      }),
    );
    this.timers = new TriggerTimers(context, this.clock);
    this.windows = new TriggeredWindows(settings, this.timers, context, (w) => {
      this.emit(w);
    });
    const { closeIdleKeysAfterMs: key, closeWhenStreamIdleMs: stream } = settings;
    this.idleCheckMs = key === undefined ? stream : Math.min(key, stream ?? key);
  }

  onStart(): void {
    const strategy = this.settings.watermark;
    const clock = this.context.materializer.clock;
    this.generator = strategy?.createGenerator({ now: () => clock.now() });
    if (strategy !== undefined && strategy.intervalMs > 0) {
      this.clock.schedulePeriodic(strategy.intervalMs);
    }
  }

  onElement(x: T | Watermark): void {
    if (Watermark.is(x)) {
      if (this.settings.watermark === undefined && !x.isIdle) this.emitWatermark(x.timestamp);
    } else {
      const now = this.context.materializer.clock.now();
      const timestampOf = this.settings.timestamp;
      const timestamp = timestampOf === undefined ? now : timestampOf(x);
      if (!Number.isFinite(timestamp)) throw badTimestamp(this.context.label, timestamp);
      const generator = this.generator;
      if (generator !== undefined) {
        generator.onEvent(x, timestamp, this);
        if (this.settings.watermark?.intervalMs === 0) generator.onPeriodicEmit(this);
      }
      this.add(x, timestamp, now);
      this.lastElementAt = now;
      if (this.idleCheckMs !== undefined) this.clock.armIdle(now + this.idleCheckMs);
    }
    this.fireEventTimers();
    this.output.flush();
  }

  onComplete(): void {
    this.isUpstreamDone = true;
    this.clock.stop();
    // The end of the input: every window holding elements not yet emitted fires once more.
    this.close([...this.windows.live]);
    this.output.complete();
  }

  onStop(): void {
    this.clock.stop();
  }

  emitWatermark(timestamp: number): void {
    if (timestamp > this.timers.currentWatermark) this.timers.currentWatermark = timestamp;
  }
  markIdle(): void {
    // One input: nothing to hold back (as WindowStep).
  }
  markActive(): void {
    // As markIdle.
  }

  private add(element: T, timestamp: number, now: number): void {
    const settings = this.settings;
    const n = settings.assigner.assignWindows(element, timestamp, this.slots);
    const key = settings.keyBy === undefined ? (undefined as K) : settings.keyBy(element);
    let keyState: TriggeredKey<K, Acc> | undefined = undefined;
    for (let i = 0; i < n; i++) {
      const start = this.slots[2 * i] as number; // non-null: the assigner filled n pairs
      const end = this.slots[2 * i + 1] as number;
      if (this.isLate(end)) continue;
      keyState ??= this.windows.keyState(key, now);
      const window = settings.assigner.isMerging
        ? this.windows.merge(keyState, start, end)
        : (keyState.find(start) ?? this.windows.open(keyState, start, end));
      if (this.settings.evictor === undefined) window.acc = settings.fn.add(element, window.acc);
      else window.elements.push({ value: element, timestamp });
      window.hasContents = true;
      window.isDirty = true;
      this.timers.window = window;
      this.handle(window, this.trigger.onElement(element, timestamp, window, this.timers));
    }
    if (keyState === undefined) this.late(element, timestamp);
  }

  private isLate(end: number): boolean {
    return (
      this.settings.assigner.isEventTime &&
      end < Number.MAX_SAFE_INTEGER &&
      end - 1 + this.settings.allowedLatenessMs <= this.timers.currentWatermark
    );
  }

  private handle(window: TriggeredWindow<K, Acc>, result: TriggerResult): void {
    switch (result) {
      case 'continue':
        return;
      case 'fire':
        this.emit(window);
        return;
      case 'purge':
        this.windows.purge(window);
        return;
      case 'fireAndPurge':
        this.emit(window);
        this.windows.purge(window);
        return;
    }
  }

  /** Emits the window's result; with an evictor, over the elements it leaves. */
  private emit(window: TriggeredWindow<K, Acc>): void {
    if (!window.hasContents) return;
    const { fn, metrics, evictor } = this.settings;
    const key = window.keyState.key;
    const { start, end } = window;
    let acc = window.acc;
    if (evictor !== undefined) {
      const elements = window.elements as Elements<T>; // only elements of T go in
      evictor.evictBefore(elements, window);
      acc = fn.createAccumulator();
      for (const e of elements) acc = fn.add(e.value, acc);
    }
    this.output.push({ key, window: { start, end }, value: fn.result(acc, key, start, end) });
    metrics.firings++;
    window.isDirty = false;
    if (evictor !== undefined) {
      evictor.evictAfter(window.elements as Elements<T>, window);
      window.hasContents = window.elements.length > 0;
    }
  }

  /** Fires what the windows hold and has not been emitted (by end, then age), then drops them. */
  private close(windows: TriggeredWindow<K, Acc>[]): void {
    const dirty = windows.filter((w) => w.isDirty);
    dirty.sort((a, b) => a.end - b.end || a.seq - b.seq);
    for (const w of dirty) this.emit(w);
    for (const w of windows) this.windows.remove(w);
  }

  private fireEventTimers(): void {
    const timers = this.timers;
    for (let t = timers.nextEventTimer(); t !== undefined; t = timers.nextEventTimer()) {
      this.onTimer(t.window, t.at, t.isCleanup, true);
    }
  }

  private onTimer(
    window: TriggeredWindow<K, Acc>,
    at: number,
    isCleanup: boolean,
    isEventTime: boolean,
  ): void {
    if (isCleanup) {
      this.windows.remove(window);
      return;
    }
    this.timers.window = window;
    const trigger = this.trigger;
    this.handle(
      window,
      isEventTime
        ? trigger.onEventTime(at, window, this.timers)
        : trigger.onProcessingTime(at, window, this.timers),
    );
  }

  /** Closes the stream's windows if it went idle, then each idle key's, oldest first. */
  private closeIdle(now: number): void {
    const { closeIdleKeysAfterMs, closeWhenStreamIdleMs, metrics } = this.settings;
    const live = this.windows.live;
    if (closeWhenStreamIdleMs !== undefined && now - this.lastElementAt >= closeWhenStreamIdleMs) {
      metrics.idleClosedWindows += live.size;
      this.close([...live]);
    }
    let next =
      closeWhenStreamIdleMs === undefined ? Infinity : this.lastElementAt + closeWhenStreamIdleMs;
    if (closeIdleKeysAfterMs !== undefined) {
      for (let k = this.windows.idlest(); k !== undefined; k = this.windows.idlest()) {
        if (now - k.lastSeen < closeIdleKeysAfterMs) {
          next = Math.min(next, k.lastSeen + closeIdleKeysAfterMs);
          break;
        }
        metrics.idleClosedWindows += k.windows.length;
        this.close([...k.windows]);
      }
    }
    if (live.size > 0 && next !== Infinity) this.clock.armIdle(next);
  }

  private late(element: T, timestamp: number): void {
    this.settings.metrics.lateElements++;
    if (this.settings.routeLate) this.output.push(new LateElement(element, timestamp));
  }

  private onClock(kind: number): void {
    if (this.isUpstreamDone) return;
    const now = this.context.materializer.clock.now();
    if (kind === periodicTimer) {
      (this.generator as WatermarkGenerator<T>).onPeriodicEmit(this); // periodic only with one
      const strategy = this.settings.watermark;
      if (strategy !== undefined) this.clock.schedulePeriodic(strategy.intervalMs);
      this.fireEventTimers();
    } else if (kind === processingTimer) {
      const timers = this.timers;
      for (
        let t = timers.nextProcessingTimer(now);
        t !== undefined;
        t = timers.nextProcessingTimer(now)
      ) {
        this.onTimer(t.window, t.at, t.isCleanup, false);
      }
      timers.rearm();
    } else if (kind === idleTimer) this.closeIdle(now);
    if (this.output.flush()) this.context.wake();
  }
}

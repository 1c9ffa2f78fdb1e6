import type { StepContext, StepSink } from '../../core/index.js';
import { Watermark } from '../watermark/Watermark.js';
import type { WatermarkGenerator, WatermarkOutput } from '../watermark/WatermarkGenerator.js';
import { badTimestamp } from '../watermark/badTimestamp.js';
import { LateElement } from './LateElement.js';
import { OutputQueue } from './OutputQueue.js';
import { TimerQueue } from './TimerQueue.js';
import { periodicTimer, WindowClock } from './WindowClock.js';
import { OpenWindowLimitError } from './OpenWindowLimitError.js';
import type { WindowResult } from './TimeWindow.js';
import type { WindowSettings } from './WindowSettings.js';
import { SessionWindows } from './session.js';
import { TumblingWindows } from './tumbling.js';
import { compareTimers, type KeyState, TimerEntry, type WindowState } from './WindowState.js';
import { WindowTable } from './WindowTable.js';

/** @internal What the window step emits: results, and late elements when they are routed. */
export type WindowOutput<K, R, T> = WindowResult<K, R> | LateElement<T>;

/**
 * @internal The step of every time-window operator: one accumulator per key and window, timers in
 * a timer queue ordered by firing time, results emitted through an expansion. An element costs its
 * key lookup, a scan of that key's few open windows and the `add`; a window costs one state and
 * one heap entry.
 */
export class WindowStep<T, K, Acc, R> implements StepSink<T | Watermark>, WatermarkOutput {
  private readonly table: WindowTable<K, Acc>;
  private readonly timers = new TimerQueue<TimerEntry<K, Acc>>(compareTimers);
  private readonly slots: number[];
  private readonly output: OutputQueue<WindowOutput<K, R, T>>;
  private isUpstreamDone = false;
  private watermark = Number.MIN_SAFE_INTEGER;
  private generator: WatermarkGenerator<T> | undefined = undefined;
  private readonly isEventTime: boolean;
  /** Event time fires at `end - 1` (a watermark t rules out t); processing time at `end`. */
  private readonly fireOffset: number;
  private readonly clock: WindowClock;
  // Settings copied into fields, read on every element.
  private readonly fn: WindowSettings<T, K, Acc, R>['fn'];
  private readonly assigner: WindowSettings<T, K, Acc, R>['assigner'];
  private readonly keyBy: ((element: T) => K) | undefined;
  private readonly timestampOf: (element: T) => number;
  private readonly isMerging: boolean;
  /** A window is late once the watermark reaches its end plus this. */
  private readonly closesAfter: number;
  private isPerElementWatermark = false;
  /** The built-in bounded generator's bound plus 1, when the step tracks its watermark itself. */
  private lagMs = 0;
  /** When the earliest queued timer is due (it may be stale): saves a peek per element. */
  private nextAt = Number.MAX_SAFE_INTEGER;
  private readonly emitOnUpdate: boolean;
  /** Event-time tumbling windows or fixed-gap sessions: an element tries its key's last window. */
  private readonly isFast: boolean;
  /** The gap of fixed-gap sessions; 0 for tumbling windows. */
  private readonly sessionGapMs: number;

  constructor(
    private readonly settings: WindowSettings<T, K, Acc, R>,
    downstream: StepSink<WindowOutput<K, R, T>>,
    private readonly context: StepContext,
  ) {
    this.output = new OutputQueue(downstream, context);
    this.table = new WindowTable<K, Acc>(settings.keyBy !== undefined, settings.metrics);
    this.slots = new Array<number>(2 * settings.assigner.maxWindowsPerElement).fill(0);
    this.isEventTime = settings.assigner.isEventTime;
    this.fireOffset = (this.isEventTime ? -1 : 0) + settings.graceMs;
    this.fn = settings.fn;
    this.assigner = settings.assigner;
    this.keyBy = settings.keyBy;
    this.timestampOf = settings.timestamp ?? ((): number => 0); // required for event time
    this.isMerging = settings.assigner.isMerging;
    this.closesAfter = this.fireOffset + settings.allowedLatenessMs;
    this.emitOnUpdate = settings.emitOnUpdate;
    const assigner = settings.assigner;
    this.sessionGapMs = assigner instanceof SessionWindows ? (assigner.fixedGapMs ?? 0) : 0;
    // Emitting on every update takes the general path, which emits.
    this.isFast =
      this.isEventTime &&
      !this.emitOnUpdate &&
      (assigner instanceof TumblingWindows || this.sessionGapMs > 0);
    this.clock = WindowClock.forStep(context, (kind) => {
      this.onClock(kind);
    });
  }

  onStart(): void {
    const strategy = this.settings.watermark;
    this.generator = this.clock.startWatermarks(strategy, this.isEventTime);
    this.isPerElementWatermark = this.isEventTime && strategy?.intervalMs === 0;
    const bound = strategy?.outOfOrdernessMs;
    if (
      this.isPerElementWatermark &&
      bound !== undefined &&
      strategy?.idleTimeoutMs === undefined
    ) {
      // The built-in bounded generator, run after every element, is tracked here: no calls.
      this.generator = undefined;
      this.lagMs = bound + 1;
    }
  }

  onElement(x: T | Watermark): void {
    if (Watermark.is(x)) {
      // Upstream watermarks count only when the operator does not generate its own.
      if (this.settings.watermark === undefined && !x.isIdle) this.emitWatermark(x.timestamp);
    } else if (this.lagMs !== 0) {
      // The built-in bounded watermark after every element, kept inline: the benchmarked path.
      const timestamp = this.timestampOf(x);
      if (!Number.isFinite(timestamp)) throw badTimestamp(this.context.label, timestamp);
      const key = this.keyBy === undefined ? (undefined as K) : this.keyBy(x);
      if (!this.addToLast(x, key, timestamp)) this.add(x, key, timestamp);
      const watermark = timestamp - this.lagMs;
      if (watermark > this.watermark) this.watermark = watermark;
    } else if (this.isEventTime) {
      const timestamp = this.timestampOf(x);
      if (!Number.isFinite(timestamp)) throw badTimestamp(this.context.label, timestamp);
      const key = this.keyBy === undefined ? (undefined as K) : this.keyBy(x);
      const generator = this.generator;
      if (generator !== undefined) generator.onEvent(x, timestamp, this);
      if (!this.addToLast(x, key, timestamp)) this.add(x, key, timestamp);
      if (generator !== undefined && this.isPerElementWatermark) generator.onPeriodicEmit(this);
    } else {
      const key = this.keyBy === undefined ? (undefined as K) : this.keyBy(x);
      this.add(x, key, this.context.materializer.clock.now());
    }
    if (this.nextAt <= this.watermark) this.fire(this.watermark);
    if (!this.output.isEmpty) this.output.flush();
  }

  onComplete(): void {
    this.isUpstreamDone = true;
    this.clock.stop();
    // The end of the input ends time: every open window fires.
    this.watermark = Number.MAX_SAFE_INTEGER;
    this.fire(Number.MAX_SAFE_INTEGER);
    this.output.complete();
  }

  onStop(): void {
    this.clock.stop();
  }

  emitWatermark(timestamp: number): void {
    if (timestamp > this.watermark) this.watermark = timestamp;
  }
  markIdle(): void {
    // One input: an idle input has nothing to hold back. Merges handle idleness.
  }
  markActive(): void {
    // As markIdle.
  }

  /**
   * The fast path, for tumbling windows and fixed-gap sessions in event time: most elements land
   * in the open window their key's last element went to, and only touch that. Returns false when
   * that is not so, or when a timer is due (a generator moved the watermark before this element),
   * since then a window in the table may be late. Otherwise none is: `fire` has purged every
   * window whose time passed, so the key's window needs no lateness check.
   */
  private addToLast(element: T, key: K, timestamp: number): boolean {
    if (!this.isFast || this.nextAt <= this.watermark) return false;
    const w = this.table.get(key);
    if (
      w === undefined ||
      w.hasFired || // a late firing: the general path emits it
      !(this.sessionGapMs === 0
        ? timestamp >= w.start && timestamp < w.end
        : this.extendSession(w, timestamp))
    ) {
      return false;
    }
    w.acc = this.fn.add(element, w.acc);
    return true;
  }

  /**
   * Sessions of a fixed gap: when the key has one session and `[timestamp, timestamp + gap)`
   * overlaps or touches it, extends it in place to cover that (no merge scan, and no timer: it
   * re-arms itself when it comes due); false when the element is late or needs the merge scan.
   */
  private extendSession(w: WindowState<K, Acc>, timestamp: number): boolean {
    const end = timestamp + this.sessionGapMs;
    if (
      timestamp > w.end ||
      end < w.start ||
      end <= this.watermark - this.closesAfter || // late on its own, as the general path checks
      !w.isAlone
    ) {
      return false;
    }
    if (timestamp < w.start) w.start = timestamp;
    if (end > w.end) w.end = end;
    return true;
  }

  /** The general path: the assigner's windows, each found, opened or merged into. */
  private add(element: T, key: K, timestamp: number): void {
    const slots = this.slots;
    const n = this.assigner.assignWindows(element, timestamp, slots);
    const closesAt = this.isEventTime ? this.watermark - this.closesAfter : Number.MIN_SAFE_INTEGER;
    let keyState: KeyState<K, Acc> | undefined = undefined;
    let isPlaced = false;
    for (let i = 0; i < n; i++) {
      const start = slots[2 * i] as number; // non-null: the assigner filled n pairs
      const end = slots[2 * i + 1] as number;
      if (end <= closesAt) continue;
      isPlaced = true;
      keyState ??= this.table.keyState(key);
      const state = this.isMerging
        ? this.mergeInto(keyState, start, end)
        : (keyState.find(start) ?? this.openWindow(keyState, start, end));
      if (this.isFast) this.table.setLast(state);
      state.acc = this.fn.add(element, state.acc);
      if (state.hasFired || this.emitOnUpdate) this.enqueueResult(state);
    }
    if (!isPlaced) this.late(element, timestamp);
  }

  private openWindow(keyState: KeyState<K, Acc>, start: number, end: number): WindowState<K, Acc> {
    const settings = this.settings;
    if (keyState.windows.length >= settings.maxOpenWindowsPerKey) {
      if (!settings.evictOldest) {
        throw new OpenWindowLimitError(
          this.context.label,
          keyState.key,
          settings.maxOpenWindowsPerKey,
          'perKey',
        );
      }
      this.evict(keyState.oldest());
    }
    if (this.table.size >= settings.maxOpenWindows) {
      if (!settings.evictOldest) {
        throw new OpenWindowLimitError(
          this.context.label,
          keyState.key,
          settings.maxOpenWindows,
          'total',
        );
      }
      this.evict(this.oldestTimer());
    }
    const state = this.table.open(keyState, start, end, settings.fn.createAccumulator());
    this.scheduleWindow(state);
    return state;
  }

  /** Schedules the firing, or, when that time has passed (late firing), the cleanup. */
  private scheduleWindow(state: WindowState<K, Acc>): void {
    const fireAt = state.end + this.fireOffset;
    if (this.isEventTime && fireAt <= this.watermark) {
      state.hasFired = true;
      this.schedule(state, fireAt + this.settings.allowedLatenessMs);
    } else {
      this.schedule(state, fireAt);
    }
  }

  private mergeInto(keyState: KeyState<K, Acc>, start: number, end: number): WindowState<K, Acc> {
    const windows = keyState.windows;
    const merge = this.settings.fn.merge as (a: Acc, b: Acc) => Acc; // checked when built
    let target: WindowState<K, Acc> | undefined = undefined;
    let lo = start;
    let hi = end;
    for (let i = 0; i < windows.length;) {
      const w = windows[i] as WindowState<K, Acc>; // non-null: i < length
      if (w.start > end || w.end < start) {
        i++;
        continue;
      }
      if (w.start < lo) lo = w.start;
      if (w.end > hi) hi = w.end;
      if (target === undefined) {
        target = w;
        i++;
      } else {
        target.acc = merge(target.acc, w.acc);
        this.table.remove(w, i);
      }
    }
    if (target === undefined) return this.openWindow(keyState, start, end);
    // The end only grows: the pending timer re-arms itself for the later end when it comes due.
    target.start = lo;
    target.end = hi;
    return target;
  }

  private schedule(state: WindowState<K, Acc>, at: number): void {
    const entry = new TimerEntry(at, state, state.seq);
    state.timer = entry;
    this.timers.add(entry);
    if (at < this.nextAt) this.nextAt = at;
    if (!this.isEventTime) this.clock.armProcessing(at);
  }

  /** Fires and cleans up every window whose time is at or before `time`. */
  private fire(time: number): void {
    const timers = this.timers;
    const lateness = this.settings.allowedLatenessMs;
    for (;;) {
      const top = timers.peek();
      if (top === undefined || top.at > time) {
        this.nextAt = top === undefined ? Number.MAX_SAFE_INTEGER : top.at;
        break;
      }
      const state = top.state;
      const fireAt = state.end + this.fireOffset;
      if (state.timer === top && !state.hasFired && fireAt > top.at) {
        // A session grew since this timer was set: the same entry goes back, later (in order, most
        // often: an append).
        timers.pop();
        top.at = fireAt;
        timers.add(top);
        continue;
      }
      timers.pop();
      if (state.timer !== top) continue; // stale: the window merged or was purged
      if (!state.hasFired) {
        state.hasFired = true;
        if (!this.emitOnUpdate) this.enqueueResult(state);
        if (lateness > 0 && top.at + lateness > time) {
          this.schedule(state, top.at + lateness);
          continue;
        }
      }
      this.table.remove(state);
    }
  }

  private evict(state: WindowState<K, Acc>): void {
    if (!state.hasFired) this.enqueueResult(state);
    this.settings.metrics.evictedWindows++;
    this.table.remove(state);
  }

  private oldestTimer(): WindowState<K, Acc> {
    for (;;) {
      const top = this.timers.peek() as TimerEntry<K, Acc>; // non-null: a window is open
      if (top.state.timer === top) return top.state;
      this.timers.pop();
    }
  }

  private enqueueResult(state: WindowState<K, Acc>): void {
    const key = state.keyState.key;
    const { start, end } = state;
    this.output.push({
      key,
      window: { start, end },
      value: this.settings.fn.result(state.acc, key, start, end),
    });
    this.settings.metrics.firings++;
  }

  private late(element: T, timestamp: number): void {
    this.settings.metrics.lateElements++;
    if (this.settings.routeLate) this.output.push(new LateElement(element, timestamp));
  }

  private onClock(kind: number): void {
    if (this.isUpstreamDone) return;
    if (kind === periodicTimer) {
      (this.generator as WatermarkGenerator<T>).onPeriodicEmit(this); // periodic only with one
      const strategy = this.settings.watermark;
      if (strategy !== undefined) this.clock.schedulePeriodic(strategy.intervalMs);
      this.fire(this.watermark);
    } else {
      this.clock.processingFired();
      this.fire(this.context.materializer.clock.now());
      const top = this.timers.peek();
      if (top !== undefined) this.clock.armProcessing(top.at);
    }
    if (this.output.flush()) this.context.wake();
  }
}

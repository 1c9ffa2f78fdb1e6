import type { StepContext } from '../../../core/index.js';
import { OpenWindowLimitError } from '../OpenWindowLimitError.js';
import type { WindowSettings } from '../WindowSettings.js';
import type { Trigger } from './Trigger.js';
import { TriggeredKey, TriggeredWindow } from './TriggeredWindow.js';
import type { TriggerTimers } from './TriggerTimers.js';

/**
 * @internal The open windows of a triggered window step, by key: opening (within the bounds),
 * merging sessions, purging and removing, with `WindowMetrics` kept in step. With idle-key closing
 * the keys `Map` is kept in order of last use, so the longest-idle key is always first.
 */
export class TriggeredWindows<T, K, Acc, R> {
  private readonly keys = new Map<K, TriggeredKey<K, Acc>>();
  private readonly single = new TriggeredKey<K, Acc>(undefined as K); // non-keyed: K is undefined
  /** Every open window, oldest first: the total bound evicts from its head. */
  readonly live = new Set<TriggeredWindow<K, Acc>>();
  private seq = 0;
  private readonly trigger: Trigger<T, unknown>;

  constructor(
    private readonly settings: WindowSettings<T, K, Acc, R>,
    private readonly timers: TriggerTimers<K, Acc>,
    private readonly context: StepContext,
    /** Emits a window's elements not yet emitted; called before a bound evicts it. */
    private readonly flush: (window: TriggeredWindow<K, Acc>) => void,
  ) {
    this.trigger = settings.trigger as Trigger<T, unknown>; // the step runs only with one
  }

  /** The key's state; with idle-key closing, made the most recently used at `now`. */
  keyState(key: K, now: number): TriggeredKey<K, Acc> {
    if (this.settings.keyBy === undefined) {
      this.single.lastSeen = now;
      return this.single;
    }
    let state = this.keys.get(key);
    if (state === undefined) {
      state = new TriggeredKey<K, Acc>(key);
      this.keys.set(key, state);
      this.settings.metrics.keys++;
    } else if (this.settings.closeIdleKeysAfterMs !== undefined) {
      // Delete and set again: the Map's order is then the order of last use.
      this.keys.delete(key);
      this.keys.set(key, state);
    }
    state.lastSeen = now;
    return state;
  }

  /** The key that has been idle longest, or undefined when no window is open. */
  idlest(): TriggeredKey<K, Acc> | undefined {
    if (this.settings.keyBy === undefined) {
      return this.single.windows.length > 0 ? this.single : undefined;
    }
    return this.keys.values().next().value;
  }

  open(keyState: TriggeredKey<K, Acc>, start: number, end: number): TriggeredWindow<K, Acc> {
    const settings = this.settings;
    if (keyState.windows.length >= settings.maxOpenWindowsPerKey) {
      this.tooMany(keyState, settings.maxOpenWindowsPerKey, 'perKey');
      let oldest = keyState.windows[0] as TriggeredWindow<K, Acc>; // non-null: at the bound
      for (const w of keyState.windows) if (w.seq < oldest.seq) oldest = w;
      this.evict(oldest);
    }
    if (this.live.size >= settings.maxOpenWindows) {
      this.tooMany(keyState, settings.maxOpenWindows, 'total');
      this.evict(this.live.values().next().value as TriggeredWindow<K, Acc>); // non-null: full
    }
    // A key whose last window went earlier in this same element is back.
    if (keyState !== this.single && this.keys.get(keyState.key) !== keyState) {
      this.keys.set(keyState.key, keyState);
      settings.metrics.keys++;
    }
    const window = new TriggeredWindow<K, Acc>(
      keyState,
      start,
      end,
      settings.fn.createAccumulator(),
      this.trigger.createState(),
      this.seq++,
    );
    keyState.windows.push(window);
    this.live.add(window);
    settings.metrics.openWindows++;
    this.registerCleanup(window);
    return window;
  }

  /**
   * The session `[start, end)` joins the key's windows it overlaps or touches: the first of them
   * takes the others' contents and trigger state (through `onMerge`), or a new window opens.
   */
  merge(keyState: TriggeredKey<K, Acc>, start: number, end: number): TriggeredWindow<K, Acc> {
    let target: TriggeredWindow<K, Acc> | undefined = undefined;
    const merged: TriggeredWindow<K, Acc>[] = [];
    for (const w of keyState.windows) {
      if (w.start > end || w.end < start) continue;
      if (target === undefined) target = w;
      else merged.push(w);
    }
    if (target === undefined) return this.open(keyState, start, end);
    const oldEnd = target.end;
    let lo = Math.min(start, target.start);
    let hi = Math.max(end, target.end);
    for (const w of merged) {
      lo = Math.min(lo, w.start);
      hi = Math.max(hi, w.end);
    }
    if (merged.length === 0 && lo === target.start && hi === oldEnd) return target;
    target.start = lo;
    target.end = hi;
    const trigger = this.trigger;
    this.timers.window = target;
    if (merged.length === 0) trigger.onMerge?.(target, trigger.createState(), this.timers);
    for (const w of merged) {
      this.absorb(target, w);
      this.timers.window = target;
      trigger.onMerge?.(target, w.triggerState, this.timers);
    }
    this.timers.delete(target, oldEnd - 1 + this.settings.allowedLatenessMs, true, true);
    this.timers.delete(target, oldEnd, false, true);
    this.registerCleanup(target);
    return target;
  }

  /** Drops the contents; a window with no trigger timer left goes entirely, so idle keys leave nothing. */
  purge(window: TriggeredWindow<K, Acc>): void {
    if (window.isRemoved) return;
    for (const t of window.timers) {
      if (!t.isCleanup) {
        window.acc = this.settings.fn.createAccumulator();
        window.elements.length = 0;
        window.hasContents = false;
        window.isDirty = false;
        return;
      }
    }
    this.remove(window);
  }

  remove(window: TriggeredWindow<K, Acc>): void {
    if (window.isRemoved) return;
    this.timers.window = window;
    this.trigger.clear?.(window, this.timers);
    window.isRemoved = true;
    for (const t of window.timers) t.isLive = false;
    window.timers.length = 0;
    const keyState = window.keyState;
    const windows = keyState.windows;
    const i = windows.indexOf(window);
    const last = windows.pop() as TriggeredWindow<K, Acc>; // non-null: the window is in it
    if (i < windows.length) windows[i] = last;
    this.live.delete(window);
    const metrics = this.settings.metrics;
    metrics.openWindows--;
    if (windows.length === 0 && this.keys.get(keyState.key) === keyState) {
      this.keys.delete(keyState.key);
      metrics.keys--;
    }
  }

  private tooMany(keyState: TriggeredKey<K, Acc>, limit: number, kind: 'perKey' | 'total'): void {
    if (!this.settings.evictOldest) {
      throw new OpenWindowLimitError(this.context.label, keyState.key, limit, kind);
    }
  }

  private evict(window: TriggeredWindow<K, Acc>): void {
    if (window.isDirty) this.flush(window);
    this.settings.metrics.evictedWindows++;
    this.remove(window);
  }

  /** A window is removed once time passes its end plus allowed lateness; a global one never. */
  private registerCleanup(window: TriggeredWindow<K, Acc>): void {
    if (window.end >= Number.MAX_SAFE_INTEGER) return;
    const isEventTime = this.settings.assigner.isEventTime;
    const at = isEventTime ? window.end - 1 + this.settings.allowedLatenessMs : window.end;
    this.timers.register(window, at, isEventTime, true);
  }

  /** Moves `w`'s contents into `target` and removes `w`. */
  private absorb(target: TriggeredWindow<K, Acc>, w: TriggeredWindow<K, Acc>): void {
    const merge = this.settings.fn.merge as (a: Acc, b: Acc) => Acc; // checked when built
    if (this.settings.evictor === undefined) target.acc = merge(target.acc, w.acc);
    else for (const e of w.elements) target.elements.push(e);
    target.hasContents ||= w.hasContents;
    target.isDirty ||= w.isDirty;
    this.remove(w);
  }
}

import type { TimestampedValue } from '../evictor/Evictor.js';
import type { TimeWindow } from '../TimeWindow.js';

/** @internal The windows of one key under a trigger. */
export class TriggeredKey<K, Acc> {
  readonly windows: TriggeredWindow<K, Acc>[] = [];
  /** When the key last received an element, on the clock: for idle-key closing. */
  lastSeen = 0;
  constructor(readonly key: K) {}

  find(start: number): TriggeredWindow<K, Acc> | undefined {
    for (const w of this.windows) if (w.start === start) return w;
    return undefined;
  }
}

/**
 * @internal One window of one key under a trigger: its contents (an accumulator, or the elements
 * when there is an evictor), the trigger's state and the timers registered for it.
 */
export class TriggeredWindow<K, Acc> implements TimeWindow {
  acc: Acc;
  readonly elements: TimestampedValue<unknown>[] = [];
  /** Holds elements (none since a purge, or a window that only merged). */
  hasContents = false;
  /** Holds elements not yet in an emitted result: what a completion flushes. */
  isDirty = false;
  /** Removed: timers still queued for it are stale. */
  isRemoved = false;
  readonly timers: TriggerTimer<K, Acc>[] = [];
  constructor(
    readonly keyState: TriggeredKey<K, Acc>,
    public start: number,
    public end: number,
    acc: Acc,
    public triggerState: unknown,
    /** Creation order: the oldest window is evicted first, and ties between timers follow it. */
    readonly seq: number,
  ) {
    this.acc = acc;
  }

  /** The timer of this kind at `at`, if registered. */
  timerAt(at: number, isEventTime: boolean, isCleanup: boolean): TriggerTimer<K, Acc> | undefined {
    for (const t of this.timers) {
      if (t.at === at && t.isEventTime === isEventTime && t.isCleanup === isCleanup) return t;
    }
    return undefined;
  }

  /** Forgets a timer; it stays queued, and is skipped when it comes due. */
  dropTimer(timer: TriggerTimer<K, Acc>): void {
    timer.isLive = false;
    const i = this.timers.indexOf(timer);
    const last = this.timers.pop() as TriggerTimer<K, Acc>; // non-null: the timer is in it
    if (i < this.timers.length) this.timers[i] = last;
  }
}

/** @internal A timer of a window: the trigger's, or the cleanup that removes the window. */
export class TriggerTimer<K, Acc> {
  isLive = true;
  constructor(
    readonly at: number,
    readonly isEventTime: boolean,
    readonly isCleanup: boolean,
    readonly window: TriggeredWindow<K, Acc>,
    readonly seq: number,
  ) {}
}

/** @internal Heap order: by time, a window's trigger timers before its cleanup, then creation. */
export function compareTriggerTimers<K, Acc>(
  a: TriggerTimer<K, Acc>,
  b: TriggerTimer<K, Acc>,
): number {
  return a.at - b.at || Number(a.isCleanup) - Number(b.isCleanup) || a.seq - b.seq;
}

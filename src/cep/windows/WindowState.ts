/** @internal The state of one key: its open windows, few enough that a scan beats a map. */
export class KeyState<K, Acc> {
  readonly windows: WindowState<K, Acc>[] = [];
  /**
   * While the key holds no window: its last window's state, kept for its next window to reuse,
   * and the table's sweep in which it emptied (see `WindowTable`).
   */
  spare: WindowState<K, Acc> | undefined = undefined;
  emptiedIn = 0;
  constructor(readonly key: K) {}

  /** The open window starting at `start`, if any: a scan, as a key holds few windows. */
  find(start: number): WindowState<K, Acc> | undefined {
    for (const w of this.windows) if (w.start === start) return w;
    return undefined;
  }

  /** The open window that started first; call only when there is one. */
  oldest(): WindowState<K, Acc> {
    let oldest = this.windows[0] as WindowState<K, Acc>; // non-null: the caller checked
    for (const w of this.windows) if (w.start < oldest.start) oldest = w;
    return oldest;
  }
}

/**
 * @internal One open window of one key. Its object outlives the window when it is its key's last:
 * the key's next window reuses it, so a key that keeps returning allocates no state per window.
 */
export class WindowState<K, Acc> {
  /** The window fired (on time, or it was purged); it stays until cleanup for late firings. */
  hasFired = false;
  /** The only window of its key: a session can grow in place without a merge scan. */
  isAlone = false;
  /** The pending timer entry; an entry queued that is not this one is stale. */
  timer: TimerEntry<K, Acc> | undefined = undefined;
  constructor(
    readonly keyState: KeyState<K, Acc>,
    public start: number,
    public end: number,
    public acc: Acc,
    /** Opening order: ties between timers fire in it, so output order is deterministic. */
    public seq: number,
  ) {}
}

/** @internal A queued timer: fires the window (or cleans it up) once time reaches `at`. */
export class TimerEntry<K, Acc> {
  constructor(
    /** Moved later only while the entry is out of the queue. */
    public at: number,
    readonly state: WindowState<K, Acc>,
    /** The window's opening order, copied: a purged state's object may be reused meanwhile. */
    readonly seq: number,
  ) {}
}

/** @internal Heap order: by time, then by window creation. */
export function compareTimers<K, Acc>(a: TimerEntry<K, Acc>, b: TimerEntry<K, Acc>): number {
  return a.at - b.at || a.seq - b.seq;
}

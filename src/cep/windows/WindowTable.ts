import type { WindowMetrics } from './WindowMetrics.js';
import { KeyState, WindowState } from './WindowState.js';

/**
 * @internal The open windows of a {@link WindowStep}, by key, with `WindowMetrics` kept in step.
 *
 * The map goes from a key to one of its windows, not to its {@link KeyState}: the window its last
 * element went to when the step says so ({@link setLast}), else any. The fast path then reaches
 * the window an element most likely belongs to in one lookup and one object.
 *
 * A key whose last window is purged leaves `metrics.keys` at once, but its entry stays, marked by
 * the purged state (`hasFired`, no windows, its last accumulator), counted in
 * `metrics.emptyKeys`: a key that returns soon (a tumbling window's key, at its next window)
 * reuses its states, so steady keys cost no map churn and no allocation per window. A sweep runs
 * once as many keys emptied as are live (at least 1,024) and deletes the entries that were already
 * empty at the sweep before, so keys that never return are gone within two sweeps: at most
 * `2 * max(1024, live keys)` empty entries are kept.
 */
export class WindowTable<K, Acc> {
  private readonly keys = new Map<K, WindowState<K, Acc>>();
  private readonly single = new KeyState<K, Acc>(undefined as K); // non-keyed: K is undefined
  /** Non-keyed: the window `keys` would map to. */
  private singleLast: WindowState<K, Acc> | undefined = undefined;
  /** Windows open over all keys. */
  size = 0;
  private seq = 0;
  /** Keys holding a window; keys emptied since the last sweep; the sweeps so far. */
  private liveKeys = 0;
  private emptied = 0;
  private sweeps = 0;

  constructor(
    private readonly isKeyed: boolean,
    private readonly metrics: WindowMetrics,
  ) {}

  /**
   * The key's window the fast path tries, if the key holds one: one lookup per element. It may be
   * a purged one (`hasFired`), which the fast path leaves to the general path.
   */
  get(key: K): WindowState<K, Acc> | undefined {
    return this.isKeyed ? this.keys.get(key) : this.singleLast;
  }

  /** Makes `state` the window {@link get} returns for its key. */
  setLast(state: WindowState<K, Acc>): void {
    if (!this.isKeyed) this.singleLast = state;
    else if (this.keys.get(state.keyState.key) !== state) this.keys.set(state.keyState.key, state);
  }

  /** The key's state; a new key's is added to the table with its first window. */
  keyState(key: K): KeyState<K, Acc> {
    if (!this.isKeyed) return this.single;
    return this.keys.get(key)?.keyState ?? new KeyState<K, Acc>(key);
  }

  /** Opens a window of the key; the caller has checked the bounds. */
  open(keyState: KeyState<K, Acc>, start: number, end: number, acc: Acc): WindowState<K, Acc> {
    const windows = keyState.windows;
    let state: WindowState<K, Acc>;
    // Also a key whose last window a bound evicted just before, within this same element.
    if (windows.length === 0) {
      const spare = keyState.spare;
      if (spare === undefined) {
        state = new WindowState<K, Acc>(keyState, start, end, acc, this.seq++);
        if (keyState === this.single) this.singleLast = state;
        else this.keys.set(keyState.key, state);
      } else {
        // The key's entry still maps to its spare: reuse both.
        keyState.spare = undefined;
        state = spare;
        state.start = start;
        state.end = end;
        state.acc = acc;
        state.seq = this.seq++;
        state.hasFired = false;
        if (keyState !== this.single) this.metrics.emptyKeys--;
      }
      if (keyState !== this.single) {
        this.liveKeys++;
        this.metrics.keys++;
      }
    } else {
      state = new WindowState<K, Acc>(keyState, start, end, acc, this.seq++);
      if (windows.length === 1) (windows[0] as WindowState<K, Acc>).isAlone = false; // non-null: length 1
    }
    state.isAlone = windows.length === 0;
    windows.push(state);
    this.size++;
    this.metrics.openWindows++;
    return state;
  }

  /** Drops a window's state (at `index` in its key's windows); its key's too when it was the last. */
  remove(state: WindowState<K, Acc>, index = state.keyState.windows.indexOf(state)): void {
    state.timer = undefined;
    const keyState = state.keyState;
    const windows = keyState.windows;
    const last = windows.pop() as WindowState<K, Acc>; // non-null: state is in it
    if (index < windows.length) windows[index] = last;
    this.size--;
    this.metrics.openWindows--;
    const other = windows[0];
    if (other === undefined) {
      // The key's entry maps to `state` (it maps to a live window while there is one): keep both.
      state.hasFired = true;
      keyState.spare = state;
      if (keyState === this.single) {
        this.singleLast = state;
        return;
      }
      this.liveKeys--;
      this.metrics.keys--;
      this.metrics.emptyKeys++;
      keyState.emptiedIn = this.sweeps;
      if (++this.emptied >= Math.max(1024, this.liveKeys)) this.sweep();
      return;
    }
    if (windows.length === 1) other.isAlone = true;
    if (keyState === this.single) {
      if (this.singleLast === state) this.singleLast = other;
    } else if (this.keys.get(keyState.key) === state) {
      this.keys.set(keyState.key, other);
    }
  }

  /** Deletes the entries of keys that were already empty at the sweep before this one. */
  private sweep(): void {
    const sweeps = this.sweeps;
    for (const [key, w] of this.keys) {
      const keyState = w.keyState;
      if (keyState.windows.length === 0 && keyState.emptiedIn < sweeps) {
        this.keys.delete(key);
        this.metrics.emptyKeys--;
      }
    }
    this.emptied = 0;
    this.sweeps = sweeps + 1;
  }
}

import type { WindowMetrics } from './WindowMetrics.js';
import { KeyState, WindowState } from './WindowState.js';

/**
 * @internal The open windows of a {@link WindowStep}, by key, with `WindowMetrics` kept in step. A
 * key is in the table exactly while it holds a window: added with its first, removed with its
 * last, so keys that never return leave nothing behind.
 *
 * The map goes from a key to one of its windows, not to its {@link KeyState}: the window its last
 * element went to when the step says so ({@link setLast}), else any. The fast path then reaches
 * the window an element most likely belongs to in one lookup and one object.
 */
export class WindowTable<K, Acc> {
  private readonly keys = new Map<K, WindowState<K, Acc>>();
  private readonly single = new KeyState<K, Acc>(undefined as K); // non-keyed: K is undefined
  /** Non-keyed: the window `keys` would map to. */
  private singleLast: WindowState<K, Acc> | undefined = undefined;
  /** Windows open over all keys. */
  size = 0;
  private seq = 0;

  constructor(
    private readonly isKeyed: boolean,
    private readonly metrics: WindowMetrics,
  ) {}

  /** The key's window the fast path tries, if the key holds one: one lookup per element. */
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
    const state = new WindowState<K, Acc>(keyState, start, end, acc, this.seq++);
    // Also a key whose last window a bound evicted just before, within this same element.
    if (windows.length === 0) {
      if (keyState === this.single) this.singleLast = state;
      else {
        this.keys.set(keyState.key, state);
        this.metrics.keys++;
      }
    }
    state.isAlone = windows.length === 0;
    if (windows.length === 1) (windows[0] as WindowState<K, Acc>).isAlone = false; // non-null: length 1
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
    if (windows.length === 1) (other as WindowState<K, Acc>).isAlone = true; // non-null: length 1
    if (keyState === this.single) {
      if (this.singleLast === state) this.singleLast = other;
    } else if (other === undefined) {
      this.keys.delete(keyState.key);
      this.metrics.keys--;
    } else if (this.keys.get(keyState.key) === state) {
      this.keys.set(keyState.key, other);
    }
  }
}

import type { WindowMetrics } from './WindowMetrics.js';
import { KeyState, WindowState } from './WindowState.js';

/**
 * @internal The open windows of a {@link WindowStep}, by key, with `WindowMetrics` kept in step. A
 * key is in the table exactly while it holds a window: added with its first, removed with its
 * last, so keys that never return leave nothing behind.
 */
export class WindowTable<K, Acc> {
  private readonly keys = new Map<K, KeyState<K, Acc>>();
  private readonly single = new KeyState<K, Acc>(undefined as K); // non-keyed: K is undefined
  /** Windows open over all keys. */
  size = 0;
  private seq = 0;

  constructor(
    private readonly isKeyed: boolean,
    private readonly metrics: WindowMetrics,
  ) {}

  /** The window the key's last element went to, if the key holds one: the fast path's lookup. */
  lastOf(key: K): WindowState<K, Acc> | undefined {
    return (this.isKeyed ? this.keys.get(key) : this.single)?.last;
  }

  /** The key's state; a new key's is added to the table with its first window. */
  keyState(key: K): KeyState<K, Acc> {
    if (!this.isKeyed) return this.single;
    return this.keys.get(key) ?? new KeyState<K, Acc>(key);
  }

  /** Opens a window of the key; the caller has checked the bounds. */
  open(keyState: KeyState<K, Acc>, start: number, end: number, acc: Acc): WindowState<K, Acc> {
    const windows = keyState.windows;
    // Also a key whose last window a bound evicted just before, within this same element.
    if (windows.length === 0 && keyState !== this.single) {
      this.keys.set(keyState.key, keyState);
      this.metrics.keys++;
    }
    const state = new WindowState<K, Acc>(keyState, start, end, acc, this.seq++);
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
    if (windows.length === 0 && keyState !== this.single) {
      this.keys.delete(keyState.key);
      this.metrics.keys--;
    }
  }
}

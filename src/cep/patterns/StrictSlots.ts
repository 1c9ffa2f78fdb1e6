import type { PatternMetrics } from './PatternMetrics.js';

/**
 * @internal How many slots the strict path fills before it sweeps the keys without a partial
 * match; past it, the table grows only while more than half its keys hold partial matches.
 */
export const idleKeySlots = 1 << 15;

const firstCapacity = 256;

/**
 * @internal The per-key state of the strict fast path, in slots: the bits of a key's live partial
 * matches in one integer, and its last `width` taken events in a ring. A key that loses its last
 * partial match keeps its slot (its ring cleared), so a key that comes back costs no `Map` write;
 * the keys without partial matches are swept in one batch when the table is full, so it never
 * holds more than {@link idleKeySlots} slots or four times the peak of live keys, whichever is
 * more, however many keys come and never return.
 */
export class StrictSlots<T> {
  /** Per slot: bit j set when a partial match has taken steps 0..j; 0 for a key without one. */
  state: Int32Array;
  /** Per slot: where its ring takes the next event. */
  heads: Uint8Array;
  /** Slot s's ring is `events[s * width, (s + 1) * width)`. */
  events: (T | undefined)[];
  private readonly slotOf = new Map<unknown, number>();
  private keys: unknown[];
  private readonly free: number[] = [];
  /** Slots handed out so far, free ones included. */
  private top = 0;
  private capacity = firstCapacity;

  constructor(
    private readonly width: number,
    private readonly metrics: PatternMetrics,
  ) {
    this.state = new Int32Array(firstCapacity);
    this.heads = new Uint8Array(firstCapacity);
    this.events = new Array<T | undefined>(firstCapacity * width).fill(undefined);
    this.keys = new Array<unknown>(firstCapacity).fill(undefined);
  }

  /** Slots in use, with or without partial matches. */
  get size(): number {
    return this.top - this.free.length;
  }

  /** The slot of `key`, or -1. */
  find(key: unknown): number {
    return this.slotOf.get(key) ?? -1;
  }

  keyOf(slot: number): unknown {
    return this.keys[slot];
  }

  /** A slot for a key that has none, counted as idle until its state is set. */
  add(key: unknown): number {
    if (this.free.length === 0 && this.top === this.capacity) this.makeRoom();
    const slot = this.free.length > 0 ? (this.free.pop() as number) : this.top++; // non-null: length > 0
    this.slotOf.set(key, slot);
    this.keys[slot] = key;
    this.metrics.idleKeys++;
    return slot;
  }

  /** Takes `event` into the slot's ring. */
  push(slot: number, event: T): void {
    const head = this.heads[slot] as number; // non-null: slot < capacity
    this.events[slot * this.width + head] = event;
    this.heads[slot] = head + 1 === this.width ? 0 : head + 1;
  }

  /** The event `back` places before the newest in the slot's ring (0 is the newest). */
  eventBack(slot: number, back: number): T {
    const width = this.width;
    const at = ((this.heads[slot] as number) - 1 - back + 2 * width) % width; // non-null: as push
    return this.events[slot * width + at] as T; // non-null: a live partial match's events are kept
  }

  /** Lets go of the events of a slot that lost its last partial match. */
  clearRing(slot: number): void {
    const base = slot * this.width;
    for (let k = 0; k < this.width; k++) this.events[base + k] = undefined;
    this.heads[slot] = 0;
  }

  /** Forgets every key, `live` of them with partial matches (which the caller counts). */
  clear(live: number): void {
    this.metrics.idleKeys -= this.size - live;
    this.slotOf.clear();
    this.free.length = 0;
    this.top = 0;
    this.capacity = firstCapacity;
    this.state = new Int32Array(firstCapacity);
    this.heads = new Uint8Array(firstCapacity);
    this.events = new Array<T | undefined>(firstCapacity * this.width).fill(undefined);
    this.keys = new Array<unknown>(firstCapacity).fill(undefined);
  }

  /** The table is full: sweep the keys without partial matches, or grow, or both. */
  private makeRoom(): void {
    if (this.capacity >= idleKeySlots) this.sweep();
    if (this.free.length < this.capacity / 2) this.grow();
  }

  private sweep(): void {
    const state = this.state;
    for (let slot = 0; slot < this.top; slot++) {
      if (state[slot] !== 0) continue;
      this.slotOf.delete(this.keys[slot]);
      this.keys[slot] = undefined;
      this.free.push(slot);
    }
    this.metrics.idleKeys -= this.free.length;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const state = new Int32Array(capacity);
    state.set(this.state);
    const heads = new Uint8Array(capacity);
    heads.set(this.heads);
    this.state = state;
    this.heads = heads;
    for (let k = this.events.length; k < capacity * this.width; k++) this.events.push(undefined);
    for (let k = this.keys.length; k < capacity; k++) this.keys.push(undefined);
    this.capacity = capacity;
  }
}

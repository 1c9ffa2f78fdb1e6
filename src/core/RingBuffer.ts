/** The largest capacity a {@link RingBuffer} (and so any stage buffer) accepts: 2**30 items. */
export const MaxCapacity = 2 ** 30;

/** Slots a new ring allocates before it first grows. */
const InitialSlots = 16;

/**
 * A bounded FIFO queue over a power-of-two array: what stage buffers use, so that enqueueing and
 * dequeueing allocate nothing. The array starts small and doubles as the queue fills, up to the
 * capacity rounded up to a power of two, so a large bound costs memory only when it is used.
 */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private mask: number;
  private head = 0;
  private count = 0;

  /** @throws RangeError unless `capacity` is an integer from 1 to {@link MaxCapacity}. */
  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > MaxCapacity) {
      throw new RangeError(
        `RingBuffer: capacity must be an integer from 1 to 2**30 (${MaxCapacity}), got ${capacity}`,
      );
    }
    const size = Math.min(InitialSlots, slotsFor(capacity));
    this.items = new Array<T | undefined>(size).fill(undefined);
    this.mask = size - 1;
  }

  get length(): number {
    return this.count;
  }
  get isEmpty(): boolean {
    return this.count === 0;
  }
  get isFull(): boolean {
    return this.count === this.capacity;
  }
  /** How many slots the ring holds now; never more than `capacity` rounded up to a power of two. */
  get allocated(): number {
    return this.items.length;
  }

  /** Adds at the tail; throws when full (callers check `isFull` first). */
  enqueue(item: T): void {
    if (this.count === this.capacity)
      throw new RangeError(`RingBuffer: full at capacity ${this.capacity}`);
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** Removes from the head; throws when empty. */
  dequeue(): T {
    if (this.count === 0) throw new RangeError('RingBuffer: empty');
    const item = this.items[this.head] as T; // non-null: count > 0
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  /** The head without removing it; undefined when empty. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** Removes the newest item; throws when empty. */
  dropTail(): T {
    if (this.count === 0) throw new RangeError('RingBuffer: empty');
    this.count--;
    const index = (this.head + this.count) & this.mask;
    const item = this.items[index] as T; // non-null: count was > 0
    this.items[index] = undefined;
    return item;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) & this.mask] as T;
  }

  // Called only when every slot is taken, so the items run from head round to head - 1.
  private grow(): void {
    const size = this.items.length * 2;
    const next = new Array<T | undefined>(size).fill(undefined);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) & this.mask];
    this.items = next;
    this.mask = size - 1;
    this.head = 0;
  }
}

/** The smallest power of two >= `capacity` (capacity <= 2**30, so this cannot overflow). */
function slotsFor(capacity: number): number {
  let size = 1;
  while (size < capacity) size *= 2;
  return size;
}

/**
 * A fixed-capacity FIFO queue over a preallocated array: what bounded stage buffers use, so that
 * enqueueing and dequeueing allocate nothing.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private readonly mask: number;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer: capacity must be a positive integer, got ${capacity}`);
    }
    let size = 1;
    while (size < capacity) size <<= 1;
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

  /** Adds at the tail; throws when full (callers check `isFull` first). */
  enqueue(item: T): void {
    if (this.count === this.capacity)
      throw new RangeError(`RingBuffer: full at capacity ${this.capacity}`);
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
}

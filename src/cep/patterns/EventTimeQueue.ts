import { Heap } from 'heap-js';

/** @internal An event that arrived out of event-time order, in the heap. */
class Buffered<T> {
  constructor(
    readonly event: T,
    readonly timestamp: number,
    readonly seq: number,
  ) {}
}

const byTime = <T>(a: Buffered<T>, b: Buffered<T>): number =>
  a.timestamp - b.timestamp || a.seq - b.seq;

/**
 * @internal Items waiting for a time, released in (timestamp, seq) order: the events waiting for
 * the watermark, and the partial-match deadlines of a pattern's keys. An item at or after the
 * last one queued in order goes to a ring of parallel arrays (no object, no sift); only one that
 * arrives out of order goes to a heap. Input in time order, the common case, then costs three
 * array writes and reads per item.
 */
export class EventTimeQueue<T> {
  // The ring: `head` is the earliest, `ringSize` entries from it; capacity a power of two.
  private events: (T | undefined)[] = new Array<T | undefined>(16).fill(undefined);
  private timestamps: number[] = new Array<number>(16).fill(0);
  private seqs: number[] = new Array<number>(16).fill(0);
  private head = 0;
  private ringSize = 0;
  private readonly heap = new Heap<Buffered<T>>(byTime);
  /** The timestamp of the event {@link shift} returned last. */
  shiftedTimestamp = 0;

  get size(): number {
    return this.ringSize + this.heap.length;
  }

  add(event: T, timestamp: number, seq: number): void {
    const mask = this.events.length - 1;
    const size = this.ringSize;
    if (size > 0 && timestamp < (this.timestamps[(this.head + size - 1) & mask] as number)) {
      this.heap.add(new Buffered(event, timestamp, seq)); // add, not push: push makes an array
      return;
    }
    if (size === mask + 1) this.grow();
    const at = (this.head + size) & (this.events.length - 1);
    this.events[at] = event;
    this.timestamps[at] = timestamp;
    this.seqs[at] = seq;
    this.ringSize = size + 1;
  }

  /** The timestamp of the earliest waiting item; `Number.MAX_SAFE_INTEGER` if none. */
  earliest(): number {
    const top = this.heap.peek();
    let at = this.ringSize > 0 ? (this.timestamps[this.head] as number) : Number.MAX_SAFE_INTEGER;
    if (top !== undefined && top.timestamp < at) at = top.timestamp;
    return at;
  }

  /** Removes every item. */
  clear(): void {
    this.events.fill(undefined);
    this.head = 0;
    this.ringSize = 0;
    this.heap.clear();
  }

  /** Whether the earliest waiting event is at or before `timestamp`. */
  hasDue(timestamp: number): boolean {
    if (this.ringSize > 0 && (this.timestamps[this.head] as number) <= timestamp) return true;
    const top = this.heap.peek();
    return top !== undefined && top.timestamp <= timestamp;
  }

  /** Removes and returns the earliest waiting event; call when {@link size} is positive. */
  shift(): T {
    const top = this.heap.peek();
    const head = this.head;
    if (top !== undefined && (this.ringSize === 0 || this.isBeforeHead(top))) {
      this.heap.pop();
      this.shiftedTimestamp = top.timestamp;
      return top.event;
    }
    const event = this.events[head] as T; // non-null: the ring is not empty
    this.events[head] = undefined;
    this.shiftedTimestamp = this.timestamps[head] as number;
    this.head = (head + 1) & (this.events.length - 1);
    this.ringSize--;
    return event;
  }

  private isBeforeHead(b: Buffered<T>): boolean {
    const timestamp = this.timestamps[this.head] as number;
    return (
      b.timestamp < timestamp ||
      (b.timestamp === timestamp && b.seq < (this.seqs[this.head] as number))
    );
  }

  private grow(): void {
    const capacity = this.events.length;
    const events = new Array<T | undefined>(capacity * 2).fill(undefined);
    const timestamps = new Array<number>(capacity * 2).fill(0);
    const seqs = new Array<number>(capacity * 2).fill(0);
    for (let k = 0; k < this.ringSize; k++) {
      const from = (this.head + k) & (capacity - 1);
      events[k] = this.events[from];
      timestamps[k] = this.timestamps[from] as number;
      seqs[k] = this.seqs[from] as number;
    }
    this.events = events;
    this.timestamps = timestamps;
    this.seqs = seqs;
    this.head = 0;
  }
}

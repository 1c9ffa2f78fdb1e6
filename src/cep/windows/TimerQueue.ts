import { Heap } from 'heap-js';

/**
 * @internal A priority queue of timers that is cheap for input in time order: a timer at or after
 * the last one queued in order is appended to a FIFO (no heap sift); one out of order goes to a
 * heap. The earliest is the lesser of the two heads. In-order streams (a new window, a session
 * that grew) then cost an append and a shift per timer, not two sifts through a heap of every key.
 */
export class TimerQueue<E> {
  private readonly heap: Heap<E>;
  /** Sorted by `compare`: `fifo[head]` is its earliest; only appended to past its last. */
  private fifo: E[] = [];
  private head = 0;

  constructor(private readonly compare: (a: E, b: E) => number) {
    this.heap = new Heap<E>(compare);
  }

  add(timer: E): void {
    const fifo = this.fifo;
    const last = fifo.length > this.head ? fifo[fifo.length - 1] : undefined;
    if (last === undefined || this.compare(timer, last) >= 0) fifo.push(timer);
    else this.heap.add(timer); // add, not push: push gathers its arguments into an array
  }

  /** The earliest timer, or undefined. */
  peek(): E | undefined {
    const a = this.heap.peek();
    const b = this.head < this.fifo.length ? this.fifo[this.head] : undefined;
    if (a === undefined) return b;
    if (b === undefined) return a;
    return this.compare(a, b) <= 0 ? a : b;
  }

  /** Removes the earliest timer; call after {@link peek} returned it. */
  pop(): void {
    const a = this.heap.peek();
    const b = this.head < this.fifo.length ? this.fifo[this.head] : undefined;
    if (b === undefined || (a !== undefined && this.compare(a, b) <= 0)) {
      this.heap.pop();
      return;
    }
    this.head++;
    const fifo = this.fifo;
    if (this.head === fifo.length) {
      fifo.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= fifo.length) {
      // Drop the consumed prefix now and then: amortized constant time, bounded by the live timers.
      this.fifo = fifo.slice(this.head);
      this.head = 0;
    }
  }

  /** Removes every timer. */
  clear(): void {
    this.heap.clear();
    this.fifo = [];
    this.head = 0;
  }
}

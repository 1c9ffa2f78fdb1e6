import type { BufferNode, SharedBuffer } from './SharedBuffer.js';

/** @internal A match found, waiting for the skip strategy to let it out. */
export class Pending<T> {
  constructor(
    readonly node: BufferNode<T>,
    readonly startSeq: number,
  ) {}
}

/** @internal A stable insertion sort by first event: few pend at once, and Array.prototype.sort allocates a work array. */
export function sortByStart<T>(pending: Pending<T>[]): void {
  for (let k = 1; k < pending.length; k++) {
    const m = pending[k] as Pending<T>; // non-null: k < length
    let j = k - 1;
    for (; j >= 0 && (pending[j] as Pending<T>).startSeq > m.startSeq; j--) {
      pending[j + 1] = pending[j] as Pending<T>; // non-null: j >= 0
    }
    pending[j + 1] = m;
  }
}

/** @internal Keeps the pending matches that started at or after event `bound`; releases the rest. */
export function prunePending<T>(
  pending: Pending<T>[],
  bound: number,
  buffer: SharedBuffer<T>,
): void {
  let kept = 0;
  for (const m of pending) {
    if (m.startSeq >= bound) pending[kept++] = m;
    else buffer.release(m.node);
  }
  pending.length = kept;
}

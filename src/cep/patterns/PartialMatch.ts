import type { BufferNode } from './SharedBuffer.js';

/**
 * @internal One partial match: where it stands in the pattern and the path of its events.
 * Mutable so that a partial match with a single successor on an event (it ignored the event, or
 * took it and moved on) becomes that successor in place: the common case allocates nothing.
 */
export class PartialMatch<T> {
  constructor(
    public step: number,
    /** Events taken by `step` so far. */
    public count: number,
    public node: BufferNode<T>,
    /** It may move on to the next step: false once it ignored an event (Flink's ignore states). */
    public mayProceed: boolean,
    public startSeq: number,
    public startTs: number,
    public lastTs: number,
    /** When it times out (`within`, per-loop gaps); `Infinity` without. */
    public deadline: number,
  ) {}

  /** Makes this object another partial match; same field order as the constructor. */
  set(
    step: number,
    count: number,
    node: BufferNode<T>,
    mayProceed: boolean,
    startSeq: number,
    startTs: number,
    lastTs: number,
    deadline: number,
  ): void {
    this.step = step;
    this.count = count;
    this.node = node;
    this.mayProceed = mayProceed;
    this.startSeq = startSeq;
    this.startTs = startTs;
    this.lastTs = lastTs;
    this.deadline = deadline;
  }
}

/** @internal The first event id of the earliest started of `partials[0, count)`. */
export function earliestStart<T>(
  partials: readonly (PartialMatch<T> | undefined)[],
  count: number,
): number {
  let min = Number.MAX_SAFE_INTEGER;
  for (let k = 0; k < count; k++) {
    const start = (partials[k] as PartialMatch<T>).startSeq; // non-null: k < count
    if (start < min) min = start;
  }
  return min;
}

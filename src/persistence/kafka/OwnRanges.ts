/** Ranges remembered; past it the lowest are forgotten, which costs only a read-back. */
const Capacity = 256;

/**
 * @internal The offset ranges this journal appended, as the produce responses reported them. A
 * write whose batch landed after records that all lie in these ranges knows that no other writer
 * appended in between, so it needs no read-back. Adjacent ranges merge, so a journal writing
 * alone keeps one range.
 */
export class OwnRanges {
  // Sorted, disjoint and not adjacent: starts[i] < ends[i] < starts[i + 1].
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Records that this journal appended the records at offsets `start` to `end` (exclusive). */
  add(start: number, end: number): void {
    const starts = this.starts;
    const ends = this.ends;
    let i = starts.length;
    while (i > 0 && (starts[i - 1] as number) > start) i--; // appends land near the end
    // Merge with the range before when they touch, then absorb the ranges after that touch.
    if (i > 0 && (ends[i - 1] as number) >= start) {
      i--;
      ends[i] = Math.max(ends[i] as number, end);
    } else {
      starts.splice(i, 0, start);
      ends.splice(i, 0, end);
    }
    while (i + 1 < starts.length && (starts[i + 1] as number) <= (ends[i] as number)) {
      ends[i] = Math.max(ends[i] as number, ends[i + 1] as number);
      starts.splice(i + 1, 1);
      ends.splice(i + 1, 1);
    }
    if (starts.length > Capacity) {
      starts.shift();
      ends.shift();
    }
  }

  /** Whether every offset from `from` to `to` (exclusive) lies in one remembered range. */
  covers(from: number, to: number): boolean {
    if (from >= to) return true;
    const starts = this.starts;
    for (let i = starts.length - 1; i >= 0; i--) {
      if ((starts[i] as number) <= from) return (this.ends[i] as number) >= to;
    }
    return false;
  }

  /** How many ranges are remembered (for tests of the bound). */
  get size(): number {
    return this.starts.length;
  }
}

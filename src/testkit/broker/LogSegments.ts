/**
 * A partition log's segments, as Kafka keeps them: batches fill the active (last) segment,
 * which rolls by `segment.bytes` and `segment.ms`; retention deletes whole closed segments on
 * a periodic check and never the active one, so a record just produced stays readable however
 * old its timestamp. Only the bookkeeping lives here; the batches stay in the partition's one
 * array, in offset order, so reads need no segment lookup.
 */

/** One segment's span of the log. */
export interface Segment {
  /** Base offset of its first batch. */
  readonly baseOffset: number;
  batchCount: number;
  sizeBytes: number;
  /** Largest timestamp of its first batch, which `segment.ms` rolls by (Kafka's rolling base). */
  readonly firstTimestamp: number;
  /** Largest timestamp in the segment, which `retention.ms` deletes by. */
  maxTimestamp: number;
  /** Broker time it was created, for `segment.ms` when its first batch has no timestamp. */
  readonly createdMs: number;
}

/** The topic configs that roll segments and delete them. */
export interface LogConfig {
  readonly segmentBytes: number;
  readonly segmentMs: number;
  readonly retentionMs: number;
  readonly retentionBytes: number;
}

/** Kafka's defaults: 1 GiB and 7 day segments, 7 day retention, no size limit. */
export const DEFAULT_LOG_CONFIG: LogConfig = {
  segmentBytes: 1073741824,
  segmentMs: 604800000,
  retentionMs: 604800000,
  retentionBytes: -1,
};

export class LogSegments {
  readonly list: Segment[] = [];

  /** The segment new batches go to; undefined until the first batch is placed. */
  get active(): Segment | undefined {
    return this.list[this.list.length - 1];
  }

  /**
   * Places a batch appended at `baseOffset` of `size` bytes, first rolling a new segment when
   * Kafka's `LogSegment.shouldRoll` would: the batch would take the active segment past
   * `segment.bytes`, or its timestamp is more than `segment.ms` after the segment's first.
   */
  place(baseOffset: number, size: number, timestamp: number, now: number, config: LogConfig): void {
    let seg = this.active;
    if (
      seg === undefined ||
      (seg.batchCount > 0 && shouldRoll(seg, size, timestamp, now, config))
    ) {
      seg = {
        baseOffset,
        batchCount: 0,
        sizeBytes: 0,
        firstTimestamp: timestamp,
        maxTimestamp: timestamp,
        createdMs: now,
      };
      this.list.push(seg);
    }
    seg.batchCount++;
    seg.sizeBytes += size;
    if (timestamp > seg.maxTimestamp) seg.maxTimestamp = timestamp;
  }

  /** Forgets the oldest batch, of `size` bytes, which the log has dropped. */
  dropOldest(size: number): void {
    const seg = this.list[0];
    if (seg === undefined) return;
    seg.batchCount--;
    seg.sizeBytes -= size;
    // The active segment stays, even empty: new batches go on filling it.
    if (seg.batchCount <= 0 && this.list.length > 1) this.list.shift();
  }

  /**
   * How many of the oldest closed segments retention deletes at `now` (Kafka's
   * `deleteRetentionMsBreachedSegments`, then `deleteRetentionSizeBreachedSegments`): those
   * whose newest timestamp is more than `retention.ms` old, then the oldest while the log
   * stays at or above `retention.bytes` without them. Each pass stops at the first segment it
   * keeps.
   */
  expiredCount(now: number, totalBytes: number, config: LogConfig): number {
    const closed = this.list.length - 1;
    let count = 0;
    let size = totalBytes;
    if (config.retentionMs >= 0) {
      while (count < closed && now - (this.list[count]?.maxTimestamp ?? now) > config.retentionMs) {
        size -= this.list[count]?.sizeBytes ?? 0;
        count++;
      }
    }
    if (config.retentionBytes >= 0 && size >= config.retentionBytes) {
      let diff = size - config.retentionBytes;
      while (count < closed && diff - (this.list[count]?.sizeBytes ?? 0) >= 0) {
        diff -= this.list[count]?.sizeBytes ?? 0;
        count++;
      }
    }
    return count;
  }
}

function shouldRoll(
  seg: Segment,
  size: number,
  timestamp: number,
  now: number,
  config: LogConfig,
): boolean {
  if (seg.sizeBytes > config.segmentBytes - size) return true;
  const waited = seg.firstTimestamp >= 0 ? timestamp - seg.firstTimestamp : now - seg.createdMs;
  return waited > config.segmentMs;
}

/**
 * One partition's log: stored v2 batches with broker-assigned offsets, the log start offset,
 * the high watermark, the last stable offset (LSO), producer state for idempotence and the
 * aborted-transaction index Fetch reports under read_committed.
 *
 * Every method is synchronous: the event loop is the single owner of broker state, so a
 * mutation is never interleaved with another request.
 */
import { DEFAULT_LOG_CONFIG, LogSegments, type LogConfig } from './LogSegments.js';
import { ProducerStates } from './ProducerState.js';
import {
  decodeRecords,
  encodeControlBatch,
  isControl,
  isTransactional,
  patchBaseOffset,
  readBatchHeader,
  type BatchHeader,
  type KafkaRecord,
} from './protocol/recordBatch.js';

/** A batch in the log, with the header fields reads need kept unpacked. */
export interface StoredBatch {
  readonly baseOffset: number;
  /** baseOffset + lastOffsetDelta. */
  readonly lastOffset: number;
  /** The whole batch as sent to consumers, baseOffset already patched. */
  readonly bytes: Buffer;
  readonly maxTimestamp: number;
  readonly producerId: bigint;
  readonly isTransactional: boolean;
  readonly isControl: boolean;
}

/** An aborted transaction's span in this partition: first data offset to its ABORT marker. */
export interface AbortedTxn {
  readonly producerId: bigint;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

/** Where a partition's appends go besides memory (the `dataDir` log file). */
export interface LogStore {
  append(batch: Buffer): void;
  setLogStartOffset(offset: number): void;
  close(): void;
}

/** Result of {@link PartitionLog.read}. */
export interface ReadResult {
  readonly chunks: Buffer[];
  readonly bytes: number;
  /** Offset after the last returned batch (fetchOffset when nothing was returned). */
  readonly endOffset: number;
}

export class PartitionLog {
  readonly batches: StoredBatch[] = [];
  /** First offset that still exists; moved by DeleteRecords and retention. */
  logStartOffset = 0;
  /** Log end offset; with one copy of the data it is also the high watermark. */
  highWatermark = 0;
  /** Sum of stored batch sizes, for retention.bytes. */
  sizeBytes = 0;
  readonly producers = new ProducerStates();
  /**
   * producerId → first offset of its open transaction here. The smallest value is the LSO;
   * entries are added by the first transactional batch and removed by the marker.
   */
  readonly openTxns = new Map<bigint, number>();
  /** Aborted transactions in marker order (which is also firstOffset order per producer). */
  readonly abortedTxns: AbortedTxn[] = [];
  /** Segment bookkeeping: where the log rolls, and what retention may delete. */
  readonly segments = new LogSegments();
  /** Persists appends when the cluster has a data directory. */
  store: LogStore | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly topic: string,
    readonly index: number,
    /** Broker ids holding the partition; the first live one leads. */
    public replicas: number[],
    /** The topic's current segment and retention configs (AlterConfigs may change them). */
    private readonly config: () => LogConfig = () => DEFAULT_LOG_CONFIG,
  ) {}

  /** Smallest first offset of an open transaction, or the high watermark. */
  get lastStableOffset(): number {
    let lso = this.highWatermark;
    for (const first of this.openTxns.values()) if (first < lso) lso = first;
    return lso;
  }

  /** `topic/partition` as used in messages. */
  get label(): string {
    return `${this.topic}/${this.index}`;
  }

  /**
   * Appends one validated producer batch and returns its base offset. The bytes are copied
   * so the request frame can be released; only baseOffset changes (it is outside the CRC).
   */
  append(raw: Buffer, header: BatchHeader): number {
    const bytes = Buffer.from(raw);
    const baseOffset = this.highWatermark;
    patchBaseOffset(bytes, baseOffset);
    bytes.writeInt32BE(0, 12); // partitionLeaderEpoch: one epoch for the partition's life
    this.push(bytes, { ...header, baseOffset });
    this.producers.record(header, baseOffset);
    if (isTransactional(header) && !this.openTxns.has(header.producerId)) {
      this.openTxns.set(header.producerId, baseOffset);
    }
    this.store?.append(bytes);
    this.notify();
    return baseOffset;
  }

  /**
   * Ends `producerId`'s transaction here with a COMMIT or ABORT marker. A producer with no
   * open transaction in this partition gets no marker (it never wrote here).
   */
  appendMarker(producerId: bigint, producerEpoch: number, commit: boolean, now: number): void {
    const firstOffset = this.openTxns.get(producerId);
    if (firstOffset === undefined) return;
    const baseOffset = this.highWatermark;
    const bytes = encodeControlBatch({ baseOffset, producerId, producerEpoch, commit, now });
    this.push(bytes, readBatchHeader(bytes));
    this.openTxns.delete(producerId);
    if (!commit) this.abortedTxns.push({ producerId, firstOffset, lastOffset: baseOffset });
    this.producers.recordMarker(producerId, producerEpoch);
    this.store?.append(bytes);
    this.notify();
  }

  /**
   * Re-adds a batch read back from the data directory at its stored offset, rebuilding
   * producer, transaction and abort state as if it had just been appended.
   */
  restore(bytes: Buffer): void {
    const h = readBatchHeader(bytes);
    if (h.baseOffset < this.highWatermark) return;
    this.push(bytes, h);
    if (isControl(h)) {
      const firstOffset = this.openTxns.get(h.producerId);
      this.openTxns.delete(h.producerId);
      const isCommit = decodeRecords(bytes)[0]?.key?.readInt16BE(2) === 1;
      if (!isCommit && firstOffset !== undefined) {
        this.abortedTxns.push({ producerId: h.producerId, firstOffset, lastOffset: h.baseOffset });
      }
      this.producers.recordMarker(h.producerId, h.producerEpoch);
    } else {
      this.producers.record(h, h.baseOffset);
      if (isTransactional(h) && !this.openTxns.has(h.producerId)) {
        this.openTxns.set(h.producerId, h.baseOffset);
      }
    }
  }

  private push(bytes: Buffer, h: BatchHeader): void {
    this.batches.push({
      baseOffset: h.baseOffset,
      lastOffset: h.baseOffset + h.lastOffsetDelta,
      bytes,
      maxTimestamp: h.maxTimestamp,
      producerId: h.producerId,
      isTransactional: isTransactional(h),
      isControl: isControl(h),
    });
    this.highWatermark = h.baseOffset + h.lastOffsetDelta + 1;
    this.sizeBytes += bytes.length;
    // The wall clock only dates segments whose first batch has no timestamp (-1).
    this.segments.place(h.baseOffset, bytes.length, h.maxTimestamp, Date.now(), this.config());
  }

  /** Index of the first batch whose last offset is at or after `offset` (binary search). */
  batchIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.batches[mid]?.lastOffset ?? Infinity) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Whole batches from the one containing `fetchOffset`, stopping before `upTo` (HWM or
   * LSO) and at `maxBytes`. With `minOne`, the first batch is returned even if it is larger
   * than `maxBytes` (KIP-74), so a consumer can never be stuck behind a big batch.
   */
  read(fetchOffset: number, upTo: number, maxBytes: number, minOne: boolean): ReadResult {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let endOffset = fetchOffset;
    for (let i = this.batchIndexFor(fetchOffset); i < this.batches.length; i++) {
      const b = this.batches[i];
      if (b === undefined || b.baseOffset >= upTo) break;
      if (bytes + b.bytes.length > maxBytes && !(minOne && chunks.length === 0)) break;
      chunks.push(b.bytes);
      bytes += b.bytes.length;
      endOffset = b.lastOffset + 1;
    }
    return { chunks, bytes, endOffset };
  }

  /** Aborted transactions overlapping `[fetchOffset, endOffset)`, sorted by first offset. */
  abortedIn(fetchOffset: number, endOffset: number): AbortedTxn[] {
    return this.abortedTxns
      .filter((t) => t.lastOffset >= fetchOffset && t.firstOffset < endOffset)
      .sort((a, b) => a.firstOffset - b.firstOffset);
  }

  /** First record at or after `timestamp`, for ListOffsets by time; undefined if none. */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | undefined {
    for (const b of this.batches) {
      if (b.isControl || b.maxTimestamp < timestamp) continue;
      for (const r of decodeRecords(b.bytes)) {
        if (r.timestamp >= timestamp && r.offset >= this.logStartOffset) {
          return { offset: r.offset, timestamp: r.timestamp };
        }
      }
    }
    return undefined;
  }

  /** Largest timestamp in the log and its offset, for ListOffsets -3 (max timestamp). */
  maxTimestamp(): { offset: number; timestamp: number } | undefined {
    let best: { offset: number; timestamp: number } | undefined;
    for (const b of this.batches) {
      if (b.isControl || (best !== undefined && b.maxTimestamp <= best.timestamp)) continue;
      for (const r of decodeRecords(b.bytes)) {
        if (best === undefined || r.timestamp > best.timestamp) best = r;
      }
    }
    return best === undefined ? undefined : { offset: best.offset, timestamp: best.timestamp };
  }

  /** Moves the log start to `offset` (DeleteRecords), dropping batches wholly before it. */
  deleteBefore(offset: number): void {
    if (offset <= this.logStartOffset) return;
    this.logStartOffset = offset;
    let drop = 0;
    while (drop < this.batches.length && (this.batches[drop]?.lastOffset ?? Infinity) < offset) {
      const size = this.batches[drop]?.bytes.length ?? 0;
      this.sizeBytes -= size;
      this.segments.dropOldest(size);
      drop++;
    }
    this.batches.splice(0, drop);
    while ((this.abortedTxns[0]?.lastOffset ?? Infinity) < offset) this.abortedTxns.shift();
    this.store?.setLogStartOffset(offset);
    this.notify();
  }

  /**
   * The periodic retention check at `now`: deletes the closed segments past `retention.ms`
   * or `retention.bytes` (see {@link LogSegments.expiredCount}) and moves the log start to
   * the first segment kept. The active segment is never deleted.
   */
  applyRetention(now: number): void {
    const count = this.segments.expiredCount(now, this.sizeBytes, this.config());
    const kept = this.segments.list[count];
    if (count > 0 && kept !== undefined) this.deleteBefore(kept.baseOffset);
  }

  /** Every record from the log start on, control batches excluded (a test hook). */
  records(): KafkaRecord[] {
    return this.batches
      .filter((b) => !b.isControl)
      .flatMap((b) => decodeRecords(b.bytes))
      .filter((r) => r.offset >= this.logStartOffset);
  }

  /** Calls `listener` after every change to the readable data; returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

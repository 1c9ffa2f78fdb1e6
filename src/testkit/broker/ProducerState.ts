/**
 * Idempotent-producer state of one partition: per producer id, the epoch, the last sequence
 * and the five most recent batches, after Kafka's `ProducerStateEntry` (NUM_BATCHES_TO_RETAIN).
 */
import { ErrorCode } from './errors.js';
import type { BatchHeader } from './protocol/recordBatch.js';

const BATCHES_TO_RETAIN = 5;
const SEQUENCE_WRAP = 2 ** 31;

/** A retained batch, for spotting retried duplicates. */
interface RetainedBatch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly baseOffset: number;
}

/** What Produce should do with a batch. */
export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number }
  | { readonly kind: 'error'; readonly code: number; readonly reason: string };

/** State kept for one producer id. */
export interface ProducerEntry {
  epoch: number;
  /** -1 until the producer's first sequenced batch in this epoch. */
  lastSeq: number;
  readonly recent: RetainedBatch[];
}

/** Adds to a sequence number the way Kafka does: wrapping at INT32_MAX back to 0. */
export function incrementSequence(seq: number, n: number): number {
  return (seq + n) % SEQUENCE_WRAP;
}

const APPEND: SequenceCheck = { kind: 'append' };

export class ProducerStates {
  private readonly entries = new Map<bigint, ProducerEntry>();

  get(producerId: bigint): ProducerEntry | undefined {
    return this.entries.get(producerId);
  }

  /**
   * Checks epoch and sequence of a produced batch (rules from Kafka's ProducerAppendInfo):
   * stale epoch → INVALID_PRODUCER_EPOCH; new epoch must restart at 0; a retained batch
   * is a duplicate; anything else must follow the last sequence exactly.
   */
  check(h: BatchHeader): SequenceCheck {
    if (h.producerId < 0n) return APPEND;
    const entry = this.entries.get(h.producerId);
    const firstSeq = h.baseSequence;
    if (entry === undefined) return APPEND;
    if (h.producerEpoch < entry.epoch) {
      return {
        kind: 'error',
        code: ErrorCode.INVALID_PRODUCER_EPOCH,
        reason: `epoch ${h.producerEpoch} is older than the current ${entry.epoch}`,
      };
    }
    if (h.producerEpoch > entry.epoch || entry.lastSeq === -1) {
      if (firstSeq === 0 || entry.lastSeq === -1) return APPEND;
      return {
        kind: 'error',
        code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        reason: `new epoch ${h.producerEpoch} must start at sequence 0, got ${firstSeq}`,
      };
    }
    const lastSeq = incrementSequence(firstSeq, h.lastOffsetDelta);
    const dup = entry.recent.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
    if (dup !== undefined) return { kind: 'duplicate', baseOffset: dup.baseOffset };
    const expected = incrementSequence(entry.lastSeq, 1);
    if (firstSeq !== expected) {
      return {
        kind: 'error',
        code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        reason: `expected sequence ${expected}, got ${firstSeq}`,
      };
    }
    return APPEND;
  }

  /** Records an appended batch (call only after {@link check} said append). */
  record(h: BatchHeader, baseOffset: number): void {
    if (h.producerId < 0n) return;
    let entry = this.entries.get(h.producerId);
    if (entry === undefined || h.producerEpoch > entry.epoch) {
      entry = { epoch: h.producerEpoch, lastSeq: -1, recent: [] };
      this.entries.set(h.producerId, entry);
    }
    if (h.baseSequence < 0) return;
    const lastSeq = incrementSequence(h.baseSequence, h.lastOffsetDelta);
    entry.lastSeq = lastSeq;
    entry.recent.push({ firstSeq: h.baseSequence, lastSeq, baseOffset });
    if (entry.recent.length > BATCHES_TO_RETAIN) entry.recent.shift();
  }

  /**
   * A transaction marker carries the producer's current epoch; a newer epoch fences
   * older batches and restarts sequences, as Kafka does when it writes the marker.
   */
  recordMarker(producerId: bigint, epoch: number): void {
    const entry = this.entries.get(producerId);
    if (entry === undefined || epoch > entry.epoch) {
      this.entries.set(producerId, { epoch, lastSeq: -1, recent: [] });
    }
  }
}

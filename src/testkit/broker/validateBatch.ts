/**
 * Checks a produced records blob before it is appended, after kfake's `00_produce.go` and
 * Kafka's LogValidator: exactly one v2 batch, consistent lengths, a correct CRC-32C, a
 * readable codec, offsets 0..n-1, no control batch from a client, and within
 * `max.message.bytes`.
 */
import { ErrorCode } from './errors.js';
import { CompressionCodec, codecName } from './protocol/compression.js';
import { DecodeError } from './protocol/Reader.js';
import {
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  codecOf,
  computeBatchCrc,
  findOffsetDeltaGap,
  isControl,
  readBatchHeader,
  splitBatches,
  type BatchHeader,
} from './protocol/recordBatch.js';

/** A batch ready to append, or the error code and reason to answer with. */
export type BatchCheck =
  | { readonly ok: true; readonly header: BatchHeader; readonly bytes: Buffer }
  | { readonly ok: false; readonly code: number; readonly reason: string };

const reject = (code: number, reason: string): BatchCheck => ({ ok: false, code, reason });

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** Validates the `records` field of one partition of a Produce request. */
export function validateProducedBatch(records: Buffer | null, maxMessageBytes: number): BatchCheck {
  if (records === null || records.length === 0) {
    return reject(ErrorCode.INVALID_RECORD, 'no record batch');
  }
  if (records.length < BATCH_HEADER_SIZE) {
    return reject(ErrorCode.CORRUPT_MESSAGE, `${records.length} bytes cannot hold a batch header`);
  }
  const magic = records.readInt8(16);
  if (magic !== 2) {
    return reject(ErrorCode.CORRUPT_MESSAGE, `record batch magic ${magic} is not 2`);
  }
  const batches = splitBatches(records);
  const first = batches[0];
  if (first === undefined || first.start + first.size > records.length) {
    return reject(ErrorCode.CORRUPT_MESSAGE, 'batchLength runs past the end of the records');
  }
  if (batches.length > 1) {
    return reject(ErrorCode.INVALID_RECORD, `${batches.length} batches; Produce v3+ allows one`);
  }
  if (first.size !== records.length) {
    return reject(
      ErrorCode.CORRUPT_MESSAGE,
      `batchLength ${first.size - BATCH_LOG_OVERHEAD} disagrees with ${records.length} bytes of records`,
    );
  }
  const h = readBatchHeader(records);
  if (h.baseOffset !== 0) {
    return reject(ErrorCode.CORRUPT_MESSAGE, `baseOffset ${h.baseOffset}, a producer must send 0`);
  }
  const crc = computeBatchCrc(records, 0, h.batchLength);
  if (crc !== h.crc) {
    return reject(
      ErrorCode.CORRUPT_MESSAGE,
      `CRC ${hex(h.crc)} does not match computed ${hex(crc)}`,
    );
  }
  if (records.length > maxMessageBytes) {
    return reject(
      ErrorCode.MESSAGE_TOO_LARGE,
      `batch of ${records.length} bytes exceeds max.message.bytes ${maxMessageBytes}`,
    );
  }
  if (isControl(h))
    return reject(ErrorCode.INVALID_RECORD, 'clients may not produce control batches');
  const codec = codecOf(h);
  if (codec > CompressionCodec.zstd) {
    return reject(ErrorCode.CORRUPT_MESSAGE, `invalid compression codec ${codec}`);
  }
  if (codec !== CompressionCodec.none && codec !== CompressionCodec.gzip) {
    return reject(
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
      `${codecName(codec)} compression is not supported; use none or gzip`,
    );
  }
  if (h.recordsCount < 1 || h.lastOffsetDelta !== h.recordsCount - 1) {
    return reject(
      ErrorCode.INVALID_RECORD,
      `lastOffsetDelta ${h.lastOffsetDelta} does not fit recordsCount ${h.recordsCount}`,
    );
  }
  try {
    const badIndex = findOffsetDeltaGap(records);
    if (badIndex !== -1) {
      return reject(
        ErrorCode.INVALID_RECORD,
        `record ${badIndex} has an offset delta other than its position ${badIndex}`,
      );
    }
  } catch (err) {
    if (err instanceof DecodeError) {
      return reject(
        ErrorCode.CORRUPT_MESSAGE,
        `record at byte ${err.offset} of the records: ${err.reason}`,
      );
    }
    throw err;
  }
  return { ok: true, header: h, bytes: records };
}

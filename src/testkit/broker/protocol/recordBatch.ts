/**
 * Record batch v2 (magic 2): header parsing, CRC-32C checks, record decoding and encoding,
 * and the control batches that end transactions. Offsets and timestamps are JS numbers
 * (safe up to 2^53); producer ids stay bigint because clients may send any int64.
 */
import { compress, CompressionCodec, decompress } from './compression.js';
import { crc32c } from './crc32c.js';
import { DecodeError, Reader } from './Reader.js';
import { Writer } from './Writer.js';

/** Bytes before the first record: baseOffset through recordsCount. */
export const BATCH_HEADER_SIZE = 61;
/** Bytes covered by neither batchLength nor the CRC: baseOffset and batchLength. */
export const BATCH_LOG_OVERHEAD = 12;
const CRC_START = 21;

export const BatchAttribute = {
  codecMask: 0x07,
  logAppendTime: 0x08,
  transactional: 0x10,
  control: 0x20,
} as const;

/** Fixed header fields of a v2 batch. */
export interface BatchHeader {
  baseOffset: number;
  /** Bytes after the batchLength field. */
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

/** One header of a record; keys are UTF-8 strings, values raw bytes or null. */
export interface RecordHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

/** A decoded record with its absolute offset and timestamp. */
export interface KafkaRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}

/** Input for {@link encodeBatch}; omitted fields take the non-idempotent defaults. */
export interface BatchInput {
  readonly records: readonly {
    readonly key?: Buffer | null;
    readonly value: Buffer | null;
    readonly timestamp?: number;
    readonly headers?: readonly RecordHeader[];
  }[];
  readonly baseOffset?: number;
  readonly compression?: number;
  readonly producerId?: bigint;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
  readonly isTransactional?: boolean;
  readonly isControl?: boolean;
  /** Clock for records without a timestamp. */
  readonly now?: number;
}

export const codecOf = (h: BatchHeader): number => h.attributes & BatchAttribute.codecMask;
export const isTransactional = (h: BatchHeader): boolean =>
  (h.attributes & BatchAttribute.transactional) !== 0;
export const isControl = (h: BatchHeader): boolean => (h.attributes & BatchAttribute.control) !== 0;

/** Reads the 61-byte header at `pos`; the caller checks magic before trusting later fields. */
export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  const r = new Reader(buf, pos);
  r.need(BATCH_HEADER_SIZE, 'record batch header');
  return {
    baseOffset: Number(r.int64()),
    batchLength: r.int32(),
    partitionLeaderEpoch: r.int32(),
    magic: r.int8(),
    crc: r.uint32(),
    attributes: r.int16(),
    lastOffsetDelta: r.int32(),
    baseTimestamp: Number(r.int64()),
    maxTimestamp: Number(r.int64()),
    producerId: r.int64(),
    producerEpoch: r.int16(),
    baseSequence: r.int32(),
    recordsCount: r.int32(),
  };
}

/** CRC-32C over attributes..end of the batch that starts at `pos`. */
export function computeBatchCrc(buf: Buffer, pos: number, batchLength: number): number {
  return crc32c(buf, pos + CRC_START, pos + BATCH_LOG_OVERHEAD + batchLength);
}

/** Splits a records blob into whole batches (offset and total size); a partial tail is ignored. */
export function splitBatches(buf: Buffer): { start: number; size: number }[] {
  const out: { start: number; size: number }[] = [];
  let pos = 0;
  while (buf.length - pos >= BATCH_LOG_OVERHEAD) {
    const size = BATCH_LOG_OVERHEAD + buf.readInt32BE(pos + 8);
    if (size < BATCH_LOG_OVERHEAD || pos + size > buf.length) break;
    out.push({ start: pos, size });
    pos += size;
  }
  return out;
}

/** Writes `baseOffset` into a stored batch; it lies outside the CRC, so nothing else changes. */
export function patchBaseOffset(batch: Buffer, baseOffset: number): void {
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
}

/**
 * Decodes every record of the batch in `batch` (exactly one batch). Throws
 * {@link DecodeError} on malformed data and `UnsupportedCompressionError` for codecs
 * other than none and gzip.
 */
export function decodeRecords(batch: Buffer): KafkaRecord[] {
  const h = readBatchHeader(batch);
  if (h.magic !== 2) throw new DecodeError(16, `record batch magic ${h.magic} is not 2`);
  const end = BATCH_LOG_OVERHEAD + h.batchLength;
  if (end > batch.length || end < BATCH_HEADER_SIZE) {
    throw new DecodeError(8, `batchLength ${h.batchLength} does not match ${batch.length} bytes`);
  }
  let body: Buffer;
  try {
    body = decompress(codecOf(h), batch.subarray(BATCH_HEADER_SIZE, end));
  } catch (err) {
    if (err instanceof Error && err.name === 'UnsupportedCompressionError') throw err;
    throw new DecodeError(BATCH_HEADER_SIZE, `cannot decompress records: ${String(err)}`);
  }
  const r = new Reader(body);
  if (h.recordsCount < 0 || h.recordsCount > body.length) {
    throw new DecodeError(57, `recordsCount ${h.recordsCount} is impossible`);
  }
  const records: KafkaRecord[] = [];
  for (let i = 0; i < h.recordsCount; i++) records.push(readRecord(r, h));
  if (r.remaining() !== 0) r.fail(`${r.remaining()} bytes after the last record`);
  return records;
}

/**
 * The index of the first record whose offset delta is not its position, or -1 when they run
 * 0..n-1. It walks the records' varints and steps over keys, values and headers without copying
 * them: the broker runs it on every produced batch, where decoding would dominate produce time.
 * @throws DecodeError on a malformed batch, as {@link decodeRecords} does.
 */
export function findOffsetDeltaGap(batch: Buffer): number {
  const h = readBatchHeader(batch);
  const end = BATCH_LOG_OVERHEAD + h.batchLength;
  if (end > batch.length || end < BATCH_HEADER_SIZE) {
    throw new DecodeError(8, `batchLength ${h.batchLength} does not match ${batch.length} bytes`);
  }
  let body: Buffer;
  try {
    body = decompress(codecOf(h), batch.subarray(BATCH_HEADER_SIZE, end));
  } catch (err) {
    if (err instanceof Error && err.name === 'UnsupportedCompressionError') throw err;
    throw new DecodeError(BATCH_HEADER_SIZE, `cannot decompress records: ${String(err)}`);
  }
  if (h.recordsCount < 0 || h.recordsCount > body.length) {
    throw new DecodeError(57, `recordsCount ${h.recordsCount} is impossible`);
  }
  const r = new Reader(body);
  let gap = -1;
  for (let i = 0; i < h.recordsCount; i++) {
    const length = r.varint();
    if (length < 0) r.fail(`negative record length ${length}`);
    r.need(length, 'record');
    const recordEnd = r.offset + length;
    r.skip(1, 'attributes');
    r.skipVarlong();
    if (r.varint() !== i && gap === -1) gap = i;
    skipNullableBytes(r, 'key');
    skipNullableBytes(r, 'value');
    const count = r.varint();
    if (count < 0 || count > recordEnd - r.offset) r.fail(`impossible header count ${count}`);
    for (let j = 0; j < count; j++) {
      const keyLength = r.varint();
      if (keyLength < 0) r.fail(`negative header key length ${keyLength}`);
      r.skip(keyLength, 'header key');
      skipNullableBytes(r, 'header value');
    }
    if (r.offset !== recordEnd) r.fail(`record length ${length} disagrees with its contents`);
  }
  if (r.remaining() !== 0) r.fail(`${r.remaining()} bytes after the last record`);
  return gap;
}

function skipNullableBytes(r: Reader, what: string): void {
  const n = r.varint();
  if (n < -1) r.fail(`negative ${what} length ${n}`);
  if (n > 0) r.skip(n, what);
}

function readNullableBytes(r: Reader, what: string): Buffer | null {
  const n = r.varint();
  if (n < -1) r.fail(`negative ${what} length ${n}`);
  return n === -1 ? null : Buffer.from(r.bytes(n, what));
}

function readRecord(r: Reader, h: BatchHeader): KafkaRecord {
  const length = r.varint();
  if (length < 0) r.fail(`negative record length ${length}`);
  r.need(length, 'record');
  const end = r.offset + length;
  r.int8(); // attributes: unused in v2
  const timestamp = h.baseTimestamp + r.varlongNumber();
  const offset = h.baseOffset + r.varint();
  const key = readNullableBytes(r, 'key');
  const value = readNullableBytes(r, 'value');
  const count = r.varint();
  if (count < 0 || count > end - r.offset) r.fail(`impossible header count ${count}`);
  const headers: RecordHeader[] = [];
  for (let i = 0; i < count; i++) {
    const keyLength = r.varint();
    if (keyLength < 0) r.fail(`negative header key length ${keyLength}`);
    const hk = r.utf8(keyLength, 'header key');
    headers.push({ key: hk, value: readNullableBytes(r, 'header value') });
  }
  if (r.offset !== end) r.fail(`record length ${length} disagrees with its contents`);
  return { offset, timestamp, key, value, headers };
}

function writeNullableBytes(w: Writer, b: Buffer | null | undefined): void {
  if (b === null || b === undefined) w.varint(-1);
  else w.varint(b.length).bytes(b);
}

/** Encodes a complete v2 batch, CRC included. */
export function encodeBatch(input: BatchInput): Buffer {
  const now = input.now ?? Date.now();
  const timestamps = input.records.map((rec) => rec.timestamp ?? now);
  const baseTimestamp = timestamps.length === 0 ? -1 : Math.min(...timestamps);
  const maxTimestamp = timestamps.length === 0 ? -1 : Math.max(...timestamps);
  const body = new Writer();
  const rec = new Writer();
  input.records.forEach((record, i) => {
    rec.length = 0;
    rec
      .int8(0)
      .varlong((timestamps[i] ?? now) - baseTimestamp)
      .varint(i);
    writeNullableBytes(rec, record.key);
    writeNullableBytes(rec, record.value);
    const headers = record.headers ?? [];
    rec.varint(headers.length);
    for (const hd of headers) {
      rec.varint(Buffer.byteLength(hd.key)).utf8(hd.key);
      writeNullableBytes(rec, hd.value);
    }
    body.varint(rec.length).bytes(rec.view());
  });
  const codec = input.compression ?? CompressionCodec.none;
  const records = compress(codec, body.view());
  const attributes =
    codec |
    (input.isTransactional === true ? BatchAttribute.transactional : 0) |
    (input.isControl === true ? BatchAttribute.control : 0);
  const w = new Writer(BATCH_HEADER_SIZE + records.length);
  w.int64(BigInt(input.baseOffset ?? 0))
    .int32(BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD + records.length)
    .int32(0)
    .int8(2)
    .uint32(0)
    .int16(attributes)
    .int32(Math.max(input.records.length - 1, 0))
    .int64(BigInt(baseTimestamp))
    .int64(BigInt(maxTimestamp))
    .int64(input.producerId ?? -1n)
    .int16(input.producerEpoch ?? -1)
    .int32(input.baseSequence ?? -1)
    .int32(input.records.length)
    .bytes(records);
  const out = Buffer.from(w.view());
  out.writeUInt32BE(computeBatchCrc(out, 0, out.length - BATCH_LOG_OVERHEAD), 17);
  return out;
}

/** Control record types carried in the key of a transaction marker. */
export const ControlType = { abort: 0, commit: 1 } as const;

/**
 * The single-record control batch a broker appends when a transaction ends: attributes
 * transactional + control, key `version 0, type`, value `version 0, coordinatorEpoch`.
 */
export function encodeControlBatch(opts: {
  readonly baseOffset: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly commit: boolean;
  readonly now: number;
  readonly coordinatorEpoch?: number;
}): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(opts.commit ? ControlType.commit : ControlType.abort, 2);
  const value = Buffer.alloc(6);
  value.writeInt32BE(opts.coordinatorEpoch ?? 0, 2);
  return encodeBatch({
    records: [{ key, value, timestamp: opts.now }],
    baseOffset: opts.baseOffset,
    producerId: opts.producerId,
    producerEpoch: opts.producerEpoch,
    isTransactional: true,
    isControl: true,
    now: opts.now,
  });
}

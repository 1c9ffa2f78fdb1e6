/**
 * Legacy message sets (magic 0 and 1) for Produce v0-2 and Fetch v0-3, whose clients
 * cannot write or read record batch v2. Produced sets are up-converted to one v2 batch;
 * stored batches are down-converted as Kafka does: records are decompressed and written
 * as uncompressed messages, and control batches are dropped.
 *
 * Message: offset int64, size int32, crc int32 (CRC-32 IEEE over magic..end), magic int8,
 * attributes int8, timestamp int64 (magic 1 only), key bytes, value bytes.
 */
import { CompressionCodec, decompress, UnsupportedCompressionError } from './compression.js';
import { DecodeError, Reader } from './Reader.js';
import { decodeRecords, encodeBatch, isControl, readBatchHeader } from './recordBatch.js';
import { Writer } from './Writer.js';

const IEEE_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  IEEE_TABLE[n] = c >>> 0;
}

/** CRC-32 (IEEE 802.3), the checksum of magic 0/1 messages. */
export function crc32(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) {
    crc = (IEEE_TABLE[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function writeBytes(w: Writer, b: Buffer | null): void {
  if (b === null) w.int32(-1);
  else w.int32(b.length).bytes(b);
}

/**
 * Converts stored v2 batches to a message set of `magic` (0 for Fetch v0-1, 1 for v2-3),
 * leaving out records below `fromOffset` and control batches.
 */
export function toMessageSet(batches: readonly Buffer[], magic: 0 | 1, fromOffset: number): Buffer {
  const w = new Writer();
  for (const batch of batches) {
    if (isControl(readBatchHeader(batch))) continue;
    for (const r of decodeRecords(batch)) {
      if (r.offset < fromOffset) continue;
      w.int64(BigInt(r.offset));
      const sizePos = w.length;
      w.int32(0).uint32(0);
      const crcStart = w.length;
      w.int8(magic).int8(0);
      if (magic === 1) w.int64(BigInt(r.timestamp));
      writeBytes(w, r.key);
      writeBytes(w, r.value);
      const view = w.view();
      view.writeInt32BE(w.length - sizePos - 4, sizePos);
      view.writeUInt32BE(crc32(view, crcStart, w.length), sizePos + 4);
    }
  }
  return Buffer.from(w.view());
}

interface LegacyMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number | undefined;
}

function readLegacyBytes(r: Reader, what: string): Buffer | null {
  const n = r.int32();
  if (n < -1) r.fail(`negative ${what} length ${n}`);
  return n === -1 ? null : Buffer.from(r.bytes(n, what));
}

/** Reads every message of a set, unwrapping gzip wrapper messages (one level, as Kafka). */
function readMessages(set: Buffer, out: LegacyMessage[], depth: number): void {
  const r = new Reader(set);
  while (r.remaining() > 0) {
    r.int64(); // offset: reassigned by the broker
    const size = r.int32();
    if (size < 14) r.fail(`message size ${size} is too small`);
    r.need(size, 'message');
    const end = r.offset + size;
    const crc = r.uint32();
    const computed = crc32(set, r.offset, end);
    if (crc !== computed) r.fail(`message CRC ${crc} does not match computed ${computed}`);
    const magic = r.int8();
    if (magic !== 0 && magic !== 1) r.fail(`message magic ${magic} is not 0 or 1`);
    const codec = r.int8() & 0x07;
    const timestamp = magic === 1 ? Number(r.int64()) : undefined;
    const key = readLegacyBytes(r, 'key');
    const value = readLegacyBytes(r, 'value');
    if (r.offset !== end) r.fail(`message size ${size} disagrees with its contents`);
    if (codec === CompressionCodec.none) {
      out.push({ key, value, timestamp: timestamp === -1 ? undefined : timestamp });
    } else if (codec !== CompressionCodec.gzip) {
      throw new UnsupportedCompressionError(codec);
    } else if (depth > 0 || value === null) {
      r.fail('a compressed message must wrap an uncompressed set');
    } else {
      let inner: Buffer;
      try {
        inner = decompress(codec, value);
      } catch (err) {
        throw new DecodeError(r.offset, `cannot decompress the wrapped set: ${String(err)}`);
      }
      readMessages(inner, out, depth + 1);
    }
  }
}

/**
 * Converts a produced magic 0/1 message set into one uncompressed v2 batch (producer id
 * -1), which then goes through the same checks as every Produce v3+ batch. Messages without
 * a timestamp (magic 0) get `now`.
 */
export function fromMessageSet(set: Buffer, now: number): Buffer {
  const messages: LegacyMessage[] = [];
  readMessages(set, messages, 0);
  if (messages.length === 0) throw new DecodeError(0, 'empty message set');
  return encodeBatch({
    records: messages.map((m) => ({ key: m.key, value: m.value, timestamp: m.timestamp ?? now })),
    now,
  });
}

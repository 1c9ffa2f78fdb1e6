/**
 * Legacy message sets (magic 0 and 1) for Fetch v0-3, whose clients cannot read record
 * batch v2. Stored batches are down-converted as Kafka does: records are decompressed and
 * written as uncompressed messages; control batches are dropped.
 *
 * Message: offset int64, size int32, crc int32 (CRC-32 IEEE over magic..end), magic int8,
 * attributes int8, timestamp int64 (magic 1 only), key bytes, value bytes.
 */
import { isControl, readBatchHeader, decodeRecords } from './recordBatch.js';
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompressionCodec } from '../../../src/testkit/broker/protocol/compression.js';
import { crc32c } from '../../../src/testkit/broker/protocol/crc32c.js';
import { crc32, toMessageSet } from '../../../src/testkit/broker/protocol/messageSet.js';
import {
  computeBatchCrc,
  decodeRecords,
  encodeBatch,
  encodeControlBatch,
  findOffsetDeltaGap,
  readBatchHeader,
  splitBatches,
} from '../../../src/testkit/broker/protocol/recordBatch.js';
import { validateProducedBatch } from '../../../src/testkit/broker/validateBatch.js';
import { ErrorCode } from '../../../src/testkit/broker/errors.js';

const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
const record = fc.record({
  key: fc.option(bytes, { nil: null }),
  value: fc.option(bytes, { nil: null }),
  timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
  headers: fc.array(
    fc.record({ key: fc.string({ maxLength: 8 }), value: fc.option(bytes, { nil: null }) }),
    { maxLength: 3 },
  ),
});

describe('CRC-32C', () => {
  it('matches the Castagnoli check value', () => {
    expect(crc32c(Buffer.from('123456789')).toString(16)).toBe('e3069283');
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('agrees with a bitwise reference on random input and offsets', () => {
    const reference = (data: Uint8Array): number => {
      let c = 0xffffffff;
      for (const b of data) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(5), (data, skip) => {
        const start = Math.min(skip, data.length);
        expect(crc32c(data, start)).toBe(reference(data.subarray(start)));
      }),
    );
  });

  it('has the IEEE CRC-32 beside it for legacy message sets', () => {
    expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
  });
});

describe('record batch v2', () => {
  it('round-trips records, plain and gzip, with a valid CRC', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(CompressionCodec.none, CompressionCodec.gzip),
        fc.nat(1000),
        (records, compression, baseOffset) => {
          const batch = encodeBatch({ records, compression, baseOffset });
          const h = readBatchHeader(batch);
          expect(h.crc).toBe(computeBatchCrc(batch, 0, h.batchLength));
          expect(h.batchLength).toBe(batch.length - 12);
          expect(h.lastOffsetDelta).toBe(records.length - 1);
          const decoded = decodeRecords(batch);
          expect(decoded.map((r) => r.offset)).toEqual(records.map((_, i) => baseOffset + i));
          expect(
            decoded.map(({ key, value, timestamp, headers }) => ({
              key,
              value,
              timestamp,
              headers,
            })),
          ).toEqual(records);
        },
      ),
    );
  });

  it('accepts what it encodes and flags every single-bit flip inside the CRC span', () => {
    const batch = encodeBatch({
      records: [{ key: Buffer.from('k'), value: Buffer.from('value') }],
    });
    expect(validateProducedBatch(batch, 1 << 20).ok).toBe(true);
    fc.assert(
      fc.property(
        fc.integer({ min: 21, max: batch.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (pos, bit) => {
          const copy = Buffer.from(batch);
          copy[pos] = (copy[pos] ?? 0) ^ (1 << bit);
          const check = validateProducedBatch(copy, 1 << 20);
          expect(check.ok).toBe(false);
          if (!check.ok) expect(check.code).toBe(ErrorCode.CORRUPT_MESSAGE);
        },
      ),
    );
  });

  it('walks offset deltas without decoding, agreeing with the full decoder on mutated batches', () => {
    const outcome = (f: () => number): string => {
      try {
        return `gap ${f()}`;
      } catch (err) {
        return err instanceof Error ? err.name : 'thrown';
      }
    };
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (records, at, byte) => {
          const batch = encodeBatch({ records });
          expect(findOffsetDeltaGap(batch)).toBe(-1);
          const copy = Buffer.from(batch);
          const pos = 61 + (at % Math.max(1, copy.length - 61));
          if (pos < copy.length) copy[pos] = byte;
          const viaDecode = () => decodeRecords(copy).findIndex((r, i) => r.offset !== i);
          expect(outcome(() => findOffsetDeltaGap(copy))).toBe(outcome(viaDecode));
        },
      ),
    );
  });

  it('refuses snappy, lz4 and zstd with UNSUPPORTED_COMPRESSION_TYPE, not a crash', () => {
    for (const codec of [2, 3, 4]) {
      const batch = encodeBatch({ records: [{ value: Buffer.from('v') }] });
      batch.writeInt16BE(codec, 21);
      batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length - 12), 17);
      const check = validateProducedBatch(batch, 1 << 20);
      expect(check).toMatchObject({ ok: false, code: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE });
    }
  });

  it('builds the 78-byte COMMIT marker the notes describe', () => {
    const marker = encodeControlBatch({
      baseOffset: 5,
      producerId: 7n,
      producerEpoch: 2,
      commit: true,
      now: 1000,
    });
    const h = readBatchHeader(marker);
    expect(marker.length).toBe(78);
    expect(h).toMatchObject({
      batchLength: 66,
      attributes: 0x30,
      recordsCount: 1,
      lastOffsetDelta: 0,
      baseSequence: -1,
    });
    expect(marker.subarray(61).toString('hex')).toBe(
      '2000000008' + '00000001' + '0c' + '000000000000' + '00',
    );
    expect(validateProducedBatch(Buffer.from(marker).fill(0, 0, 8), 1 << 20)).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_RECORD,
    });
  });

  it('splits a blob into whole batches and ignores a cut-off tail', () => {
    const a = encodeBatch({ records: [{ value: Buffer.from('a') }] });
    const b = encodeBatch({ records: [{ value: Buffer.from('b') }] });
    const blob = Buffer.concat([a, b, b.subarray(0, 20)]);
    expect(splitBatches(blob)).toEqual([
      { start: 0, size: a.length },
      { start: a.length, size: b.length },
    ]);
  });

  it('down-converts to magic 1 messages with IEEE CRCs, skipping markers and early offsets', () => {
    const data = encodeBatch({
      records: [{ key: Buffer.from('k'), value: Buffer.from('v0') }, { value: null }],
      baseOffset: 10,
    });
    const marker = encodeControlBatch({
      baseOffset: 12,
      producerId: 1n,
      producerEpoch: 0,
      commit: true,
      now: 5,
    });
    const set = toMessageSet([data, marker], 1, 11);
    expect(set.readBigInt64BE(0)).toBe(11n);
    const size = set.readInt32BE(8);
    expect(set.length).toBe(12 + size);
    expect(set.readUInt32BE(12)).toBe(crc32(set, 16, 12 + size));
    expect(set.readInt8(16)).toBe(1);
    expect(set.readInt32BE(size + 8)).toBe(-1); // null value
  });
});

/**
 * Record compression codecs. Only gzip ships with Node (`node:zlib`), and it is the only
 * codec kafkajs 2.2.4 ships; the others are refused with UNSUPPORTED_COMPRESSION_TYPE.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

/** Codec ids from the low three bits of a batch's attributes. */
export const CompressionCodec = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

const codecNames = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** Human name of a codec id, for messages. */
export function codecName(codec: number): string {
  return codecNames[codec] ?? `codec ${codec}`;
}

/** The batch uses a codec this broker cannot read (snappy, lz4, zstd, or an invalid id). */
export class UnsupportedCompressionError extends Error {
  override readonly name = 'UnsupportedCompressionError';
  constructor(readonly codec: number) {
    super(`compression: cannot decompress ${codecName(codec)}: only none and gzip are supported`);
  }
}

/** Compresses concatenated record encodings with `codec`. */
export function compress(codec: number, data: Uint8Array): Buffer {
  if (codec === CompressionCodec.none) return Buffer.from(data);
  if (codec === CompressionCodec.gzip) return gzipSync(data);
  throw new UnsupportedCompressionError(codec);
}

/** Decompresses a batch's records section; zlib failures propagate as plain errors. */
export function decompress(codec: number, data: Uint8Array): Buffer {
  if (codec === CompressionCodec.none)
    return Buffer.from(data.buffer, data.byteOffset, data.length);
  if (codec === CompressionCodec.gzip) return gunzipSync(data);
  throw new UnsupportedCompressionError(codec);
}

/**
 * Bounds-checked big-endian reader over one frame. Every failure is a {@link DecodeError}
 * carrying the byte position, so the server can log exactly where a frame went wrong.
 */

/** A frame or record batch could not be decoded; `offset` is the failing byte position. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`at byte ${offset}: ${reason}`);
  }
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

export class Reader {
  /** Position of the next byte to read, counted from the start of `buf`. */
  offset: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    /** Exclusive end; a tagged field's sub-reader stops at its declared size. */
    readonly end: number = buf.length,
  ) {
    this.offset = start;
  }

  remaining(): number {
    return this.end - this.offset;
  }

  /** Fails unless `n` more bytes exist; `what` names the thing being read. */
  need(n: number, what: string): void {
    if (n > this.end - this.offset) {
      throw new DecodeError(
        this.offset,
        `unexpected end of data reading ${what}: need ${n} bytes, ${this.end - this.offset} left`,
      );
    }
  }

  fail(reason: string): never {
    throw new DecodeError(this.offset, reason);
  }

  int8(): number {
    this.need(1, 'int8');
    return this.buf.readInt8(this.offset++);
  }

  bool(): boolean {
    this.need(1, 'bool');
    return this.buf[this.offset++] !== 0;
  }

  int16(): number {
    this.need(2, 'int16');
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  uint16(): number {
    this.need(2, 'uint16');
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4, 'int32');
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  uint32(): number {
    this.need(4, 'uint32');
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  int64(): bigint {
    this.need(8, 'int64');
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  float64(): number {
    this.need(8, 'float64');
    const v = this.buf.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }

  /** Unsigned 32-bit varint (at most 5 bytes). */
  uvarint(): number {
    let result = 0;
    for (let i = 0; i < 5; i++) {
      this.need(1, 'varint');
      const b = this.buf[this.offset++] ?? 0;
      // Multiplication instead of shifts keeps the value unsigned past bit 31.
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) this.fail('varint does not fit in 32 bits');
        return result;
      }
    }
    return this.fail('varint is longer than 5 bytes');
  }

  /** Zigzag-encoded signed 32-bit varint. */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Zigzag-encoded signed 64-bit varint (at most 10 bytes). */
  varlong(): bigint {
    let result = 0n;
    for (let i = 0n; i < 10n; i++) {
      this.need(1, 'varlong');
      const b = this.buf[this.offset++] ?? 0;
      result |= BigInt(b & 0x7f) << (7n * i);
      if ((b & 0x80) === 0) return (result >> 1n) ^ -(result & 1n);
    }
    return this.fail('varlong is longer than 10 bytes');
  }

  /** Steps over a varlong without building it (no BigInt): for walks that only check structure. */
  skipVarlong(): void {
    for (let i = 0; i < 10; i++) {
      this.need(1, 'varlong');
      if (((this.buf[this.offset++] ?? 0) & 0x80) === 0) return;
    }
    this.fail('varlong is longer than 10 bytes');
  }

  /** Zigzag varlong that must fit a JS number, for timestamps and offsets inside batches. */
  varlongNumber(): number {
    const v = this.varlong();
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      this.fail(`varlong ${v} is outside the safe integer range`);
    }
    return Number(v);
  }

  /** `n` raw bytes as a view into the frame (no copy). */
  bytes(n: number, what = 'bytes'): Buffer {
    this.need(n, what);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  utf8(n: number, what = 'string'): string {
    this.need(n, what);
    const v = this.buf.toString('utf8', this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  uuid(): string {
    const hex = this.bytes(16, 'uuid').toString('hex');
    if (hex === '00000000000000000000000000000000') return ZERO_UUID;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  skip(n: number, what = 'skipped bytes'): void {
    this.need(n, what);
    this.offset += n;
  }
}

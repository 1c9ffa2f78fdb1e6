/**
 * Growable big-endian writer. Frames are built in one buffer and the size prefix is
 * patched in at the end, so a response is written with a single socket write.
 */
export class Writer {
  private buf: Buffer;
  /** Number of bytes written so far. */
  length = 0;

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.length++);
    return this;
  }

  bool(v: boolean): this {
    this.ensure(1);
    this.buf[this.length++] = v ? 1 : 0;
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.length = this.buf.writeInt16BE(v, this.length);
    return this;
  }

  uint16(v: number): this {
    this.ensure(2);
    this.length = this.buf.writeUInt16BE(v, this.length);
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.length = this.buf.writeInt32BE(v, this.length);
    return this;
  }

  uint32(v: number): this {
    this.ensure(4);
    this.length = this.buf.writeUInt32BE(v, this.length);
    return this;
  }

  int64(v: bigint): this {
    this.ensure(8);
    this.length = this.buf.writeBigInt64BE(v, this.length);
    return this;
  }

  float64(v: number): this {
    this.ensure(8);
    this.length = this.buf.writeDoubleBE(v, this.length);
    return this;
  }

  /** Unsigned 32-bit varint. */
  uvarint(v: number): this {
    this.ensure(5);
    let n = v >>> 0;
    while (n >= 0x80) {
      this.buf[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.length++] = n;
    return this;
  }

  /** Zigzag signed 32-bit varint. */
  varint(v: number): this {
    return this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** Zigzag signed 64-bit varint. */
  varlong(v: bigint | number): this {
    const big = BigInt.asIntN(64, BigInt(v));
    let n = BigInt.asUintN(64, (big << 1n) ^ (big >> 63n));
    this.ensure(10);
    while (n >= 0x80n) {
      this.buf[this.length++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.length++] = Number(n);
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  utf8(s: string): this {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(n);
    this.length += this.buf.write(s, this.length, 'utf8');
    return this;
  }

  uuid(s: string): this {
    const hex = s.replaceAll('-', '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex))
      throw new RangeError(`writer: cannot write uuid: got '${s}'`);
    return this.bytes(Buffer.from(hex, 'hex'));
  }

  /** Overwrites 4 bytes at `pos`, used for size prefixes. */
  patchInt32(pos: number, v: number): void {
    this.buf.writeInt32BE(v, pos);
  }

  /** A view of everything written; valid until the next write. */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

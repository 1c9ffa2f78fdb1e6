/** Bytes of a response kept for its reader: size, correlation id, throttle time, error code. */
const HEAD = 14;

/**
 * @internal Splits a Kafka connection's response stream into frames and hands the first bytes
 * of each (up to {@link HEAD}, with the frame's size prefix) to `onHead`; the rest is skipped
 * without copying. Chunks may split a frame, or its head, anywhere.
 */
export class ResponseHeads {
  private readonly head = Buffer.alloc(HEAD);
  private have = 0;
  /** The frame's size after its prefix, or -1 while the prefix is still coming. */
  private size = -1;
  /** Bytes of the frame after its prefix not yet read. */
  private left = 0;

  constructor(private readonly onHead: (head: Buffer) => void) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.size < 0) {
        const n = Math.min(4 - this.have, chunk.length - at);
        chunk.copy(this.head, this.have, at, at + n);
        this.have += n;
        at += n;
        if (this.have < 4) return;
        this.size = this.head.readInt32BE(0);
        this.left = this.size;
        if (this.left <= 0) this.frameDone();
        continue;
      }
      const wanted = Math.min(HEAD, 4 + this.size);
      if (this.have < wanted) {
        const n = Math.min(wanted - this.have, chunk.length - at);
        chunk.copy(this.head, this.have, at, at + n);
        this.have += n;
        this.left -= n;
        at += n;
        if (this.have === wanted) this.onHead(this.head.subarray(0, wanted));
      }
      const skip = Math.min(this.left, chunk.length - at);
      this.left -= skip;
      at += skip;
      if (this.left === 0) this.frameDone();
    }
  }

  private frameDone(): void {
    this.have = 0;
    this.size = -1;
  }
}

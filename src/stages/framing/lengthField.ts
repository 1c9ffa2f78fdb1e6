import { Flow, type NotUsed, requirePositiveInt } from '../../core/index.js';
import { FramingError } from './FramingError.js';
import { type FrameParser, FramingStage } from './FramingStage.js';

const NAME = 'Framing.lengthField';

/** Byte order of a length field. */
export type ByteOrder = 'big' | 'little';

/**
 * Cuts a byte stream into frames that carry their length: an unsigned `fieldLength`-byte
 * (1 to 4) integer at `fieldOffset`, counting the bytes after the field. Each frame is emitted
 * whole, header included (`fieldOffset + fieldLength + length` bytes), whatever the chunk
 * boundaries.
 * - Emits when: a whole frame is buffered and downstream pulls.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completed and the buffered frames went out.
 * - Fails when: a frame is longer than `maximumFrameLength`, or upstream completes inside a
 *   frame (both a {@link FramingError}).
 * - Cancels when: downstream cancels.
 * @throws RangeError for a `fieldLength` outside 1..4, a negative `fieldOffset`, a
 * `maximumFrameLength` that is not a positive integer, or a bad `byteOrder`.
 */
export function lengthField(
  fieldLength: number,
  fieldOffset: number,
  maximumFrameLength: number,
  byteOrder: ByteOrder = 'little',
): Flow<Uint8Array, Uint8Array, NotUsed> {
  if (!Number.isInteger(fieldLength) || fieldLength < 1 || fieldLength > 4) {
    throw new RangeError(
      `${NAME}: fieldLength must be an integer in 1..4, got ${String(fieldLength)}`,
    );
  }
  if (!Number.isInteger(fieldOffset) || fieldOffset < 0) {
    throw new RangeError(
      `${NAME}: fieldOffset must be a non-negative integer, got ${String(fieldOffset)}`,
    );
  }
  requirePositiveInt(NAME, 'maximumFrameLength', maximumFrameLength);
  if (!(['big', 'little'] as unknown[]).includes(byteOrder)) {
    throw new RangeError(
      `${NAME}: byteOrder must be 'big' or 'little', got ${byteOrder as string}`,
    );
  }
  return Flow.fromGraph(
    new FramingStage(
      new LengthFieldParser(fieldLength, fieldOffset, maximumFrameLength, byteOrder === 'big'),
      NAME,
    ),
  );
}

class LengthFieldParser implements FrameParser {
  constructor(
    private readonly fieldLength: number,
    private readonly fieldOffset: number,
    private readonly max: number,
    private readonly bigEndian: boolean,
  ) {}
  next(buffer: Uint8Array): { frame: number; skip: number } | undefined {
    const header = this.fieldOffset + this.fieldLength;
    if (buffer.length < header) return undefined;
    let length = 0;
    for (let k = 0; k < this.fieldLength; k++) {
      const index = this.bigEndian ? this.fieldOffset + k : header - 1 - k;
      length = length * 256 + (buffer[index] as number);
    }
    const total = header + length;
    if (total > this.max) {
      throw new FramingError(
        NAME,
        `frame of ${total} bytes is longer than maximumFrameLength (${this.max} bytes)`,
      );
    }
    return buffer.length < total ? undefined : { frame: total, skip: 0 };
  }
  last(buffer: Uint8Array): Uint8Array {
    throw new FramingError(
      NAME,
      `stream finished with a truncated last frame (${buffer.length} bytes buffered)`,
    );
  }
}

import { Flow, type NotUsed, requirePositiveInt } from '../../core/index.js';
import { FramingError } from './FramingError.js';
import { type FrameParser, FramingStage } from './FramingStage.js';

const NAME = 'Framing.delimiter';

/**
 * Cuts a byte stream into the frames between occurrences of `delimiter` (not included), whatever
 * the chunk boundaries. At the end, bytes after the last delimiter are a last frame only with
 * `allowTruncation`; otherwise the stream fails.
 * - Emits when: a whole frame is buffered and downstream pulls.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completed and the buffered frames went out.
 * - Fails when: a frame is longer than `maximumFrameLength`, or the last frame is truncated
 *   without `allowTruncation` (both a {@link FramingError}).
 * - Cancels when: downstream cancels.
 * @throws RangeError if `delimiter` is empty or `maximumFrameLength` is not a positive integer.
 */
export function delimiter(
  delimiterBytes: Uint8Array,
  maximumFrameLength: number,
  allowTruncation = false,
): Flow<Uint8Array, Uint8Array, NotUsed> {
  if (!(delimiterBytes instanceof Uint8Array) || delimiterBytes.length === 0) {
    throw new RangeError(`${NAME}: delimiter must be a non-empty Uint8Array`);
  }
  requirePositiveInt(NAME, 'maximumFrameLength', maximumFrameLength);
  return Flow.fromGraph(
    new FramingStage(
      new DelimiterParser(delimiterBytes.slice(), maximumFrameLength, allowTruncation),
      NAME,
    ),
  );
}

class DelimiterParser implements FrameParser {
  constructor(
    private readonly delimiter: Uint8Array,
    private readonly max: number,
    private readonly allowTruncation: boolean,
  ) {}
  next(buffer: Uint8Array): { frame: number; skip: number } | undefined {
    const d = this.delimiter;
    const first = d[0] as number;
    const limit = buffer.length - d.length;
    for (let i = buffer.indexOf(first); i !== -1 && i <= limit; i = buffer.indexOf(first, i + 1)) {
      if (i > this.max) break;
      let j = 1;
      while (j < d.length && buffer[i + j] === d[j]) j++;
      if (j === d.length) return { frame: i, skip: d.length };
    }
    // No delimiter yet: the frame is at least this long.
    if (buffer.length - (d.length - 1) > this.max) throw this.oversized();
    return undefined;
  }
  last(buffer: Uint8Array): Uint8Array {
    if (!this.allowTruncation) {
      throw new FramingError(
        NAME,
        `stream finished with a truncated last frame of ${buffer.length} bytes (no delimiter)`,
      );
    }
    if (buffer.length > this.max) throw this.oversized();
    return buffer.slice();
  }
  private oversized(): FramingError {
    return new FramingError(NAME, `frame longer than maximumFrameLength (${this.max} bytes)`);
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import { Framing, FramingError, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import fc from 'fast-check';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (frames: Uint8Array[]): string[] => frames.map((f) => new TextDecoder().decode(f));

/** Splits `data` at the given cut points. */
function chunk(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, data.length]) {
    out.push(data.slice(from, p));
    from = p;
  }
  return out;
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function run(
  flow: ReturnType<typeof Framing.delimiter>,
  chunks: Uint8Array[],
): Promise<Uint8Array[]> {
  return Source.from(chunks).via(flow).runWith(Sink.seq(), mat);
}

describe('Framing.delimiter', () => {
  it('cuts frames at the delimiter across chunk boundaries', async () => {
    const out = await run(Framing.delimiter(text('\r\n'), 100), [
      text('ab\r'),
      text('\ncd'),
      Buffer.from('e\r\n\r\nf'),
      text('g\r\n'),
    ]);
    expect(str(out)).toEqual(['ab', 'cde', '', 'fg']);
  });

  it('property: random chunk boundaries yield the same frames as splitting the whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(1, 2, 3), { maxLength: 6 }), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (frames, cuts) => {
          // Delimiter [0, 9]: the frames never contain 0.
          const data = concatAll(frames.map((f) => Uint8Array.from([...f, 0, 9])));
          const out = await run(Framing.delimiter(bytes(0, 9), 6), chunk(data, cuts));
          expect(out.map((f) => [...f])).toEqual(frames);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a truncated last frame fails, or is emitted with allowTruncation', async () => {
    const error = await run(Framing.delimiter(text(','), 10), [text('a,b')]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FramingError);
    expect((error as FramingError).stage).toBe('Framing.delimiter');
    expect(str(await run(Framing.delimiter(text(','), 10, true), [text('a,'), text('b')]))).toEqual(
      ['a', 'b'],
    );
    expect(str(await run(Framing.delimiter(text(','), 10), [text('a,')]))).toEqual(['a']);
  });

  it('fails on an oversized frame, with or without its delimiter seen', async () => {
    await expect(run(Framing.delimiter(text(','), 3), [text('abcd,')])).rejects.toThrow(
      'Framing.delimiter: frame longer than maximumFrameLength (3 bytes)',
    );
    await expect(run(Framing.delimiter(text(','), 3), [text('ab'), text('cd')])).rejects.toThrow(
      FramingError,
    );
    expect(str(await run(Framing.delimiter(text(','), 3), [text('abc,')]))).toEqual(['abc']);
  });

  it('fails with upstream; backpressures; cancels with downstream', async () => {
    const boom = new Error('boom');
    await expect(
      Source.failed<Uint8Array>(boom)
        .via(Framing.delimiter(text(','), 3))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    const [pub, sub] = TestSource.probe<Uint8Array>()
      .via(Framing.delimiter(text(','), 10))
      .toMat(TestSink.probe<Uint8Array>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(text('a,b,c,'));
    expect(str([await sub.expectNextAny()])).toEqual(['a']);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('rejects bad settings', () => {
    expect(() => Framing.delimiter(new Uint8Array(0), 3)).toThrow(
      'Framing.delimiter: delimiter must be a non-empty Uint8Array',
    );
    expect(() => Framing.delimiter(text(','), 0)).toThrow(
      'Framing.delimiter: maximumFrameLength must be a positive integer, got 0',
    );
  });
});

describe('Framing.lengthField', () => {
  it('cuts length-prefixed frames, header included, in either byte order', async () => {
    const little = await run(Framing.lengthField(2, 0, 100), [bytes(2, 0, 7), bytes(8, 1, 0, 9)]);
    expect(little.map((f) => [...f])).toEqual([
      [2, 0, 7, 8],
      [1, 0, 9],
    ]);
    const big = await run(Framing.lengthField(2, 1, 100, 'big'), [bytes(5, 0, 1, 7, 6, 0, 0)]);
    expect(big.map((f) => [...f])).toEqual([
      [5, 0, 1, 7],
      [6, 0, 0],
    ]);
  });

  it('property: random chunk boundaries yield the same frames', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 6 }),
        fc.constantFrom(1, 2, 3, 4),
        fc.constantFrom<'big' | 'little'>('big', 'little'),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (payloads, fieldLength, order, cuts) => {
          const frames = payloads.map((p) => {
            const f = new Uint8Array(1 + fieldLength + p.length);
            f[0] = 42; // one byte before the field
            for (let k = 0; k < fieldLength; k++) {
              const shift = 8 * (order === 'big' ? fieldLength - 1 - k : k);
              f[1 + k] = Math.floor(p.length / 2 ** shift) % 256;
            }
            f.set(p, 1 + fieldLength);
            return f;
          });
          const out = await run(
            Framing.lengthField(fieldLength, 1, 64, order),
            chunk(concatAll(frames), cuts),
          );
          expect(out.map((f) => [...f])).toEqual(frames.map((f) => [...f]));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('fails on an oversized or truncated frame', async () => {
    const oversized = await run(Framing.lengthField(1, 0, 4), [bytes(4, 1, 2, 3, 4)]).catch(
      (e: unknown) => e,
    );
    expect(oversized).toBeInstanceOf(FramingError);
    expect((oversized as FramingError).message).toBe(
      'Framing.lengthField: frame of 5 bytes is longer than maximumFrameLength (4 bytes)',
    );
    await expect(run(Framing.lengthField(1, 0, 10), [bytes(3, 1)])).rejects.toThrow(
      'Framing.lengthField: stream finished with a truncated last frame (2 bytes buffered)',
    );
  });

  it('rejects bad settings', () => {
    expect(() => Framing.lengthField(5, 0, 10)).toThrow(
      'Framing.lengthField: fieldLength must be an integer in 1..4, got 5',
    );
    expect(() => Framing.lengthField(1, -1, 10)).toThrow(
      'Framing.lengthField: fieldOffset must be a non-negative integer, got -1',
    );
    expect(() => Framing.lengthField(1, 0, 10, 'middle' as never)).toThrow(
      "Framing.lengthField: byteOrder must be 'big' or 'little', got middle",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ResponseHeads } from '../../../src/kafka/consumer/responseHeads.js';

/** A response frame: size prefix, correlation id, throttle time, error code, then `extra` bytes. */
function frame(correlationId: number, errorCode: number, extra: number): Buffer {
  const body = Buffer.alloc(10 + extra, 0xab);
  body.writeInt32BE(correlationId, 0);
  body.writeInt32BE(0, 4);
  body.writeInt16BE(errorCode, 8);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Feeds `stream` in chunks of `step` bytes and returns each head's correlation id and error. */
function heads(stream: Buffer, step: number): [number, number][] {
  const seen: [number, number][] = [];
  const reader = new ResponseHeads((head) => {
    seen.push([head.readInt32BE(4), head.readInt16BE(12)]);
  });
  for (let at = 0; at < stream.length; at += step) reader.push(stream.subarray(at, at + step));
  return seen;
}

describe('ResponseHeads', () => {
  const stream = Buffer.concat([
    frame(1, 0, 0),
    frame(2, 27, 300),
    frame(3, 0, 5),
    frame(4, 22, 0),
  ]);
  const expected = [
    [1, 0],
    [2, 27],
    [3, 0],
    [4, 22],
  ];

  it('reads every frame head whatever the chunks, a whole stream at once or a byte at a time', () => {
    for (const step of [stream.length, 1, 2, 3, 5, 7, 13, 14, 15, 64]) {
      expect(heads(stream, step), `chunks of ${step} bytes`).toEqual(expected);
    }
  });

  it('hands a frame shorter than a head over as it is, and goes on with the next', () => {
    const short = Buffer.from([0, 0, 0, 6, 0, 0, 0, 9, 0, 0]);
    const seen: number[] = [];
    const reader = new ResponseHeads((head) => seen.push(head.length, head.readInt32BE(4)));
    reader.push(Buffer.concat([short, frame(5, 0, 1)]));
    expect(seen).toEqual([10, 9, 14, 5]);
  });
});

import { PassThrough, Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { fromAsyncIterable, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

describe('Sink.asyncIterator', () => {
  it('lets for await read a stream, like the array', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const got: number[] = [];
        for await (const x of Source.from(xs).runWith(Sink.asyncIterator<number>(), mat))
          got.push(x);
        expect(got).toEqual(xs);
      }),
      { numRuns: 30 },
    );
  });

  it('cancels the stream when the loop is left early', async () => {
    const [pub, it] = TestSource.probe<number>()
      .toMat(Sink.asyncIterator<number>(), Keep.both)
      .run(mat);
    pub.sendNext(1, 2);
    for await (const x of it) {
      expect(x).toBe(1);
      break;
    }
    await pub.expectCancellation();
  });

  it('throws the stream failure from the loop', async () => {
    const it = Source.failed<number>(boom).runWith(Sink.asyncIterator<number>(), mat);
    await expect(
      (async () => {
        for await (const _ of it) expect(_).toBeUndefined();
      })(),
    ).rejects.toBe(boom);
  });
});

describe('Source.fromAsyncIterable', () => {
  it('emits the values of an async generator, afresh per materialization', async () => {
    async function* gen(): AsyncGenerator<number> {
      yield 1;
      await Promise.resolve();
      yield 2;
    }
    const source = Source.fromAsyncIterable(() => gen());
    expect(await source.runWith(Sink.seq(), mat)).toEqual([1, 2]);
    expect(await source.runWith(Sink.seq(), mat)).toEqual([1, 2]);
  });

  it('calls next() only on demand (counted)', async () => {
    let calls = 0;
    const iterable: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: false, value: ++calls }),
      }),
    };
    const sub = Source.fromAsyncIterable(iterable).runWith(TestSink.probe<number>(), mat);
    await settle();
    expect(calls).toBe(0);
    sub.request(2);
    await sub.expectNext(1, 2);
    await settle();
    expect(calls).toBe(2);
    sub.cancel();
    await settle();
  });

  it('fails when next() rejects, and calls return() on cancel', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield await Promise.resolve(1);
      throw boom;
    }
    await expect(Source.fromAsyncIterable(failing()).runWith(Sink.seq(), mat)).rejects.toBe(boom);
    let returned = false;
    async function* endless(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield await Promise.resolve(i);
      } finally {
        returned = true;
      }
    }
    expect(await Source.fromAsyncIterable(endless()).take(3).runWith(Sink.seq(), mat)).toEqual([
      0, 1, 2,
    ]);
    await settle();
    expect(returned).toBe(true);
  });

  it('rejects a non-iterable', () => {
    expect(() => fromAsyncIterable(3 as never)).toThrow(
      'Source.fromAsyncIterable: iterable must be an async iterable or a function, got number',
    );
  });
});

describe('Node stream adapters', () => {
  it('reads a Readable and writes a Writable', async () => {
    const chunks: string[] = [];
    const writable = new Writable({
      objectMode: true,
      write(chunk: string, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await Source.fromReadable<string>(() => Readable.from(['a', 'b', 'c']))
      .map((s) => s.toUpperCase())
      .runWith(
        Sink.toWritable(() => writable),
        mat,
      );
    expect(chunks).toEqual(['A', 'B', 'C']);
  });

  it('stops pulling while the Writable is above its highWaterMark, until drain (counted)', async () => {
    const callbacks: (() => void)[] = [];
    const writable = new Writable({
      objectMode: true,
      highWaterMark: 2,
      write(_chunk: number, _enc, cb) {
        callbacks.push(cb);
      },
    });
    const [pub, done] = TestSource.probe<number>()
      .toMat(
        Sink.toWritable(() => writable),
        Keep.both,
      )
      .run(mat);
    let sent = 0;
    for (let i = 0; i < 10; i++) {
      await settle();
      if (pub.pending === 0) break;
      pub.sendNext(i);
      sent++;
    }
    expect(sent).toBe(2);
    // Completing the writes drains the Writable, and the sink pulls again.
    for (const cb of callbacks.splice(0)) cb();
    await pub.expectRequest();
    pub.sendComplete();
    await settle();
    for (const cb of callbacks.splice(0)) cb();
    await done;
  });

  it('reads a Readable on demand only (bounded by its highWaterMark)', async () => {
    let produced = 0;
    const readable = new Readable({
      objectMode: true,
      highWaterMark: 2,
      read() {
        this.push(++produced);
      },
    });
    const sub = Source.fromReadable<number>(() => readable).runWith(TestSink.probe<number>(), mat);
    sub.request(3);
    await sub.expectNext(1, 2, 3);
    await settle();
    expect(produced).toBeLessThanOrEqual(3 + 2 + 1);
    sub.cancel();
    await settle();
    expect(readable.destroyed).toBe(true);
  });

  it('fails the sink when the Writable errors, and destroys it when upstream fails', async () => {
    const erroring = new Writable({
      write(_chunk, _enc, cb) {
        cb(boom);
      },
    });
    await expect(
      Source.single('x').runWith(
        Sink.toWritable(() => erroring),
        mat,
      ),
    ).rejects.toBe(boom);
    const target = new PassThrough();
    await expect(
      Source.failed<string>(boom).runWith(
        Sink.toWritable(() => target),
        mat,
      ),
    ).rejects.toBe(boom);
    expect(target.destroyed).toBe(true);
  });
});

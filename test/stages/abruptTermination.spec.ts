import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AbruptTerminationError, Keep, Materializer, Sink, Source } from 'sluice';

// A stage that shuts its own materializer down from inside a handler: the interpreter is running,
// so the other stages cannot be failed in turn and are stopped as they are. Each sink or sub-source
// that promised a result must then reject with AbruptTerminationError, not a plain Error.

/** Runs `build` on a fresh materializer whose stream shuts it down at the first element. */
async function stoppedAbruptly(
  build: (mat: Materializer, source: Source<number, unknown>) => Promise<unknown>,
): Promise<unknown> {
  const mat = new Materializer();
  const source = Source.repeat(1).map((x) => {
    if (!mat.isShutdown) mat.shutdown();
    return x;
  });
  return build(mat, source).then(
    (value: unknown) => ({ resolved: value }),
    (error: unknown) => error,
  );
}

function expectAbrupt(error: unknown, message: RegExp): void {
  expect(error).toBeInstanceOf(AbruptTerminationError);
  expect((error as Error).name).toBe('AbruptTerminationError');
  expect((error as Error).message).toMatch(message);
}

describe('results of a stream that stopped abruptly', () => {
  it('Sink.head rejects with AbruptTerminationError', async () => {
    expectAbrupt(
      await stoppedAbruptly((mat, source) => source.runWith(Sink.head<number>(), mat)),
      /^head#3: the stream stopped before an element arrived$/,
    );
  });

  it('a fold sink (Sink.seq) rejects with AbruptTerminationError', async () => {
    expectAbrupt(
      await stoppedAbruptly((mat, source) => source.runWith(Sink.seq(), mat)),
      /^seq#3: the stream stopped before it completed$/,
    );
  });

  it('Sink.foreachAsync rejects with AbruptTerminationError', async () => {
    expectAbrupt(
      await stoppedAbruptly((mat, source) =>
        source.runWith(
          Sink.foreachAsync(1, () => Promise.resolve()),
          mat,
        ),
      ),
      /^foreachAsync#3: the stream stopped before it completed$/,
    );
  });

  it('watchTermination rejects with AbruptTerminationError', async () => {
    expectAbrupt(
      await stoppedAbruptly((mat, source) =>
        source.watchTermination(Keep.right).to(Sink.ignore()).run(mat),
      ),
      /^watchTermination#3: the stream stopped before it terminated$/,
    );
  });

  it('Sink.toWritable rejects with AbruptTerminationError', async () => {
    const writable = (): Writable =>
      new Writable({
        objectMode: true,
        write(_chunk, _encoding, callback) {
          callback();
        },
      });
    expectAbrupt(
      await stoppedAbruptly((mat, source) => source.runWith(Sink.toWritable(writable), mat)),
      /^toWritable#3: the stream stopped before the writable finished$/,
    );
  });

  it("Sink.queue's pull rejects with AbruptTerminationError", async () => {
    expectAbrupt(
      await stoppedAbruptly((mat, source) => source.runWith(Sink.queue(), mat).pull()),
      /^queueSink#3: the stream stopped before it completed$/,
    );
  });

  it('a sub-source fails with AbruptTerminationError when the stage owning it stops', async () => {
    const mat = new Materializer();
    // The tail runs on a materializer of its own, so the shutdown stops only its owner.
    const tailMat = new Materializer();
    let armed = false;
    const [, tail] = await Source.repeat(1)
      .map((x) => {
        if (armed && !mat.isShutdown) mat.shutdown();
        return x;
      })
      .prefixAndTail(1)
      .runWith(Sink.head(), mat);
    armed = true;
    const error: unknown = await tail.runWith(Sink.ignore(), tailMat).then(
      () => undefined,
      (e: unknown) => e,
    );
    expectAbrupt(error, /^prefixAndTail#3: the stage owning sub-source '.*' stopped$/);
    expect(tailMat.runningIslands).toBe(0);
  });
});

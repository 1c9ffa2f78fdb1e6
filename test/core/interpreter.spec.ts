import { createServer, connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbruptTerminationError, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { heapGrowth } from './heapGrowth.js';

const mat = new Materializer({ eventsPerYield: 4096 });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('the fused interpreter', () => {
  it('yields to the event loop: setImmediate and a socket read run mid-stream', async () => {
    const server = createServer((socket) => {
      socket.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let count = 0;
    let countAtImmediate = -1;
    let countAtSocketData = -1;
    const client = connect(port, '127.0.0.1');
    client.on('data', () => {
      countAtSocketData = count;
    });
    setImmediate(() => {
      countAtImmediate = count;
    });
    const total = 10_000_000;
    await Source.range(1, total).runWith(
      Sink.foreach(() => {
        count++;
      }),
      mat,
    );
    client.destroy();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    expect(count).toBe(total);
    expect(countAtImmediate).toBeGreaterThan(0);
    expect(countAtImmediate).toBeLessThan(total);
    expect(countAtSocketData).toBeGreaterThan(0);
    expect(countAtSocketData).toBeLessThan(total);
  }, 120_000);

  it('runs 10 million elements through 5 stages without growing the heap', async () => {
    const chain = (n: number) =>
      Source.range(1, n)
        .map((x) => x + 1)
        .filter((x) => x % 3 !== 0)
        .map((x) => x * 2)
        .scan(0, (a, x) => (a + x) % 1_000_003)
        .take(n - 1);
    const { retained, peak } = await heapGrowth(
      () => chain(100_000).runWith(Sink.ignore(), mat),
      () => chain(10_000_000).runWith(Sink.ignore(), mat),
    );
    // About 1.5 MB at the peak on this machine: anything the chain kept per element (a queued
    // signal, a closure, a buffer entry) would be 10 million of them, 100 MB or more.
    expect(retained).toBeLessThan(2 * 1024 * 1024);
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  }, 120_000);

  it('stops every stream of a materializer on shutdown, rejecting their results', async () => {
    const own = new Materializer();
    const done = Source.repeat(1).runWith(Sink.ignore(), own);
    own.shutdown();
    await expect(done).rejects.toBeInstanceOf(AbruptTerminationError);
    expect(own.runningIslands).toBe(0);
    expect(() => Source.single(1).runWith(Sink.ignore(), own)).toThrow(/shut down/);
  });

  it('runs islands behind async boundaries with a bounded buffer', async () => {
    let pulled = 0;
    let consumed = 0;
    let maxAhead = 0;
    const done = Source.range(1, 1000)
      .map((x) => {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - consumed);
        return x;
      })
      .async()
      .map((x) => {
        consumed++;
        return x;
      })
      .runWith(
        Sink.fold(0, (a: number, x: number) => a + x),
        mat,
      );
    expect(await done).toBe(500500);
    expect(maxAhead).toBeLessThanOrEqual(16 + 1);
  });
});

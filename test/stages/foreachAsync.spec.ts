import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Sink.foreachAsync', () => {
  it('runs f for every element with at most `parallelism` calls pending', async () => {
    let pending = 0;
    let maxPending = 0;
    const seen: number[] = [];
    await Source.range(1, 20).runWith(
      Sink.foreachAsync(3, async (x: number) => {
        pending++;
        maxPending = Math.max(maxPending, pending);
        await settle(1 + (x % 3));
        seen.push(x);
        pending--;
      }),
      mat,
    );
    expect(maxPending).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('resolves only after the last call resolved', async () => {
    let finished = false;
    const done = Source.single(1).runWith(
      Sink.foreachAsync(1, async () => {
        await settle(2);
        finished = true;
      }),
      mat,
    );
    await done;
    expect(finished).toBe(true);
  });

  it('rejects and cancels upstream when a call rejects', async () => {
    let calls = 0;
    await expect(
      Source.range(1, 100).runWith(
        Sink.foreachAsync(1, (x: number) => {
          calls++;
          return x === 3 ? Promise.reject(new TE('call')) : Promise.resolve();
        }),
        mat,
      ),
    ).rejects.toThrow('call');
    expect(calls).toBe(3);
  });

  it('rejects when upstream fails', async () => {
    await expect(
      Source.failed<number>(new TE('up')).runWith(
        Sink.foreachAsync(2, () => Promise.resolve()),
        mat,
      ),
    ).rejects.toThrow('up');
  });

  it('refuses bad settings', () => {
    expect(() => Sink.foreachAsync(0, () => Promise.resolve())).toThrow(
      /Sink.foreachAsync: parallelism must be a positive integer, got 0/,
    );
    expect(() => Sink.foreachAsync(1, 1 as never)).toThrow(
      /Sink.foreachAsync: f must be a function/,
    );
  });
});

/**
 * The peers the core benchmarks compare sluice with, each written the way its own docs suggest,
 * plus the result check every bench file runs before timing.
 */
import { pipeline } from 'node:stream/promises';
import { Readable, Transform, type TransformCallback, Writable } from 'node:stream';
import { newStream, runEffects, tap } from '@most/core';
import { asap } from '@most/scheduler';
import type { Scheduler, Sink as MostSink, Stream, Task, Time } from '@most/types';

/** A most stream of `items`, emitted in one scheduler task (how most's own perf suite feeds it). */
export function mostFromArray<A>(items: readonly A[]): Stream<A> {
  return newStream((sink, scheduler) => asap(new ArrayTask(items, sink), scheduler));
}

class ArrayTask<A> implements Task {
  private active = true;
  constructor(
    private readonly items: readonly A[],
    private readonly sink: MostSink<A>,
  ) {}
  run(time: Time): void {
    const sink = this.sink;
    for (const item of this.items) {
      if (!this.active) return;
      sink.event(time, item);
    }
    sink.end(time);
  }
  error(time: Time, error: Error): void {
    this.sink.error(time, error);
  }
  dispose(): void {
    this.active = false;
  }
}

/** Folds a most stream: most has no reduce, so a tap keeps the running value. */
export async function mostFold<A, B>(
  stream: Stream<A>,
  f: (acc: B, element: A) => B,
  seed: B,
  scheduler: Scheduler,
): Promise<B> {
  let acc = seed;
  await runEffects(
    tap((x: A) => {
      acc = f(acc, x);
    }, stream),
    scheduler,
  );
  return acc;
}

/** An object-mode Transform running `step` on each chunk; `step` returns undefined to drop it. */
export function transform<A, B>(step: (element: A) => B | undefined): Transform {
  return new Transform({
    objectMode: true,
    transform(chunk: A, _encoding: BufferEncoding, callback: TransformCallback): void {
      const out = step(chunk);
      if (out === undefined) callback();
      else callback(null, out);
    },
  });
}

/** Node's `stream.pipeline` of `Readable.from(items)`, the transforms, and a folding Writable. */
export async function nodeFold<A, B>(
  items: readonly A[],
  transforms: readonly Transform[],
  f: (acc: B, element: A) => B,
  seed: B,
): Promise<B> {
  let acc = seed;
  const sink = new Writable({
    objectMode: true,
    write(chunk: A, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      acc = f(acc, chunk);
      callback();
    },
  });
  await pipeline([Readable.from(items), ...transforms, sink]);
  return acc;
}

/** Throws unless every contender computed `expected`: run before timing anything. */
export async function checkSame(
  workload: string,
  expected: unknown,
  contenders: Record<string, () => unknown>,
): Promise<void> {
  for (const [name, compute] of Object.entries(contenders)) {
    const got: unknown = await compute();
    if (got !== expected) {
      throw new Error(`${workload}: ${name} computed ${String(got)}, expected ${String(expected)}`);
    }
  }
}

// What the specs of the error operators (recover, mapError, onErrorComplete, onErrorResume,
// recoverWithRetries, ...) check alike, written once.
import { expect } from 'vitest';
import { type Flow, type Materializer, Sink, Source } from 'sluice';
import { flowProbes } from './flowProbes.js';

/** The upstream failure the error-operator specs recover from. */
export const boom = new Error('boom');

/** A handler that throws `error`: the operator must fail with it instead of upstream's error. */
export function throwing(error: unknown): () => never {
  return () => {
    throw error;
  };
}

/** Runs a source that fails with {@link boom} through `flow`; the stream must fail with `expected`. */
export async function expectFailureBecomes(
  flow: Flow<number, number, unknown>,
  expected: unknown,
  mat: Materializer,
): Promise<void> {
  await expect(Source.failed<number>(boom).via(flow).runWith(Sink.seq(), mat)).rejects.toBe(
    expected,
  );
}

/**
 * Without a failure an error operator is a pass-through: it pulls upstream only on demand,
 * completes with upstream and cancels upstream with downstream. `make` builds a fresh flow per run.
 */
export async function expectPassThroughLifecycle(
  make: () => Flow<number, number, unknown>,
  mat: Materializer,
): Promise<void> {
  const [pub, sub] = flowProbes(make(), mat);
  await sub.expectNoMessage(10);
  expect(pub.pending).toBe(0);
  sub.request(1);
  expect(await pub.expectRequest()).toBe(1);
  pub.sendNext(1);
  await sub.expectNext(1);
  pub.sendComplete();
  await sub.expectComplete();
  const [pub2, sub2] = flowProbes(make(), mat);
  sub2.cancel();
  await pub2.expectCancellation();
}

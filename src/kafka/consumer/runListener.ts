import { message } from './promises.js';

/**
 * @internal Runs a user's rebalance hook: a failure is logged, not thrown (the rebalance must go
 * on), and a hook slower than `warnAfterMs` logs a warning.
 */
export async function runListener(
  source: string,
  warnAfterMs: number,
  hook: string,
  call: () => void | Promise<void> | undefined,
): Promise<void> {
  const started = Date.now();
  try {
    await call();
  } catch (e) {
    console.warn(`${source}: rebalance listener ${hook} failed: ${message(e)}`);
  }
  const took = Date.now() - started;
  if (took > warnAfterMs) {
    console.warn(
      `${source}: rebalance listener ${hook} took ${took} ms (partitionHandlerWarning ${warnAfterMs} ms)`,
    );
  }
}

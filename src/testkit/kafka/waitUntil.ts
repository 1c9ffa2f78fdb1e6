/** Options of {@link waitUntil}. */
export interface WaitOptions {
  /** How long to keep checking before failing. Default 10,000 ms (Alpakka's `consumer-group-timeout`). */
  readonly timeoutMs?: number;
  /** Pause between two checks. Default 100 ms (Alpakka's `check-interval`). */
  readonly checkIntervalMs?: number;
}

/**
 * Checks `probe` until it returns a value other than `undefined`, and returns that value: how a
 * test awaits a state that only the broker knows (a group's state, a committed offset), after
 * Alpakka's `periodicalCheck`.
 * @throws Error naming `what` and the last value seen when `timeoutMs` passes first.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.checkIntervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const cause = last instanceof Error ? `: last error: ${last.message}` : '';
      throw new Error(`KafkaTestKit: gave up waiting for ${what} after ${timeoutMs} ms${cause}`, {
        cause: last,
      });
    }
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}

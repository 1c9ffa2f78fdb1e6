/** @internal An error's message, for wrapping. */
export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** @internal Resolves with the promise, or after `ms` (then `onTimeout` decides). */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => T | undefined = () => undefined,
): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T | undefined>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * @internal Keeps `promise` in `inFlight` until it settles; returns it, or (not waiting for the
 * ack) a resolved promise while its failure is swallowed.
 */
export function tracked(
  inFlight: Set<Promise<unknown>>,
  promise: Promise<void>,
  waitForAck: boolean,
): Promise<void> {
  inFlight.add(promise);
  const done = (): void => {
    inFlight.delete(promise);
  };
  promise.then(done, done);
  if (waitForAck) return promise;
  promise.catch(() => undefined);
  return Promise.resolve();
}

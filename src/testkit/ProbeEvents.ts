import { isDeepStrictEqual, inspect } from 'node:util';

/** What a probe can observe. */
export type ProbeEvent<T> =
  | { readonly kind: 'next'; readonly value: T }
  | { readonly kind: 'complete' }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'request'; readonly n: number }
  | { readonly kind: 'cancel'; readonly cause: unknown };

/** A probe expectation that did not hold. */
export class ProbeAssertionError extends Error {
  override readonly name = 'ProbeAssertionError';
}

/** How long (real time) an expectation waits for an event before it fails; a watchdog, not a delay. */
export const ProbeTimeoutMs = 5_000;

/** @internal A FIFO of observed events that expectations consume, awaiting the next when empty. */
export class ProbeEvents<T> {
  private readonly events: ProbeEvent<T>[] = [];
  private waiter: (() => void) | undefined = undefined;

  constructor(private readonly probe: string) {}

  add(event: ProbeEvent<T>): void {
    this.events.push(event);
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter !== undefined) waiter();
  }

  get pending(): readonly ProbeEvent<T>[] {
    return this.events;
  }

  async next(expectation: string): Promise<ProbeEvent<T>> {
    const deadline = Date.now() + ProbeTimeoutMs;
    while (this.events.length === 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new ProbeAssertionError(
          `${this.probe}: expected ${expectation}, but nothing arrived within ${ProbeTimeoutMs} ms`,
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        timer = setTimeout(resolve, remaining);
      });
      clearTimeout(timer);
    }
    return this.events.shift() as ProbeEvent<T>; // non-null: length checked above
  }

  fail(expectation: string, got: ProbeEvent<T>): ProbeAssertionError {
    return new ProbeAssertionError(`${this.probe}: expected ${expectation}, got ${describe(got)}`);
  }
}

/** A readable account of an event for assertion messages. */
export function describe(event: ProbeEvent<unknown>): string {
  switch (event.kind) {
    case 'next':
      return `element ${inspect(event.value)}`;
    case 'complete':
      return 'completion';
    case 'error':
      return `error ${inspect(event.error)}`;
    case 'request':
      return `request(${event.n})`;
    case 'cancel':
      return 'cancellation';
  }
}

export function equal(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

export { inspect };

import { vi } from 'vitest';

/**
 * Waits until `assertion` passes (it is retried every 20 ms), for at most 10 s: Kafka states are
 * awaited, never slept for, and the bound is generous because specs share two cores.
 */
export function eventually(assertion: () => void): Promise<void> {
  return vi.waitFor(assertion, { timeout: 10_000, interval: 20 });
}

import { waitUntil, type WaitOptions } from './waitUntil.js';

/**
 * Waits until `condition` holds: how a test awaits a state it can observe, such as a count of
 * records seen or a committed offset, after Akka's `awaitCond`. It is {@link waitUntil} for a
 * yes-or-no check.
 * @throws Error naming `what` when `timeoutMs` passes first.
 * @example
 * ```ts
 * import { awaitCond } from 'sluice/testkit';
 *
 * const seen: string[] = [];
 * await awaitCond('ten records', () => seen.length >= 10, { timeoutMs: 5_000 });
 * ```
 */
export async function awaitCond(
  what: string,
  condition: () => boolean | Promise<boolean>,
  options: WaitOptions = {},
): Promise<void> {
  await waitUntil(what, async () => ((await condition()) ? true : undefined), options);
}

/**
 * Lets pending promise callbacks and `setImmediate` tasks run (a few turns of the event loop),
 * without advancing any clock: what a probe does before it checks that nothing happened.
 */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

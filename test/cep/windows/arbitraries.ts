import fc from 'fast-check';
import type { Ev } from './oracle.js';

/** Events over a few keys in random (out-of-order) arrival order. */
export const events = fc.array(
  fc.record({
    key: fc.integer({ min: 0, max: 3 }),
    ts: fc.integer({ min: 0, max: 300 }),
    v: fc.integer({ min: 1, max: 9 }),
  }),
  { maxLength: 60 },
) as fc.Arbitrary<Ev[]>;

/** A bound on out-of-orderness: from none (many late elements) to most of the time range. */
export const bound = fc.integer({ min: 0, max: 200 });

/**
 * Events of two keys whose timestamps sit on and beside multiples of `step` (window edges, or
 * sessions that just touch), in longer runs than {@link events}, so that edge cases are common.
 */
export const edgeEvents = (step: number): fc.Arbitrary<Ev[]> =>
  fc.array(
    fc.record({
      key: fc.integer({ min: 0, max: 1 }),
      ts: fc
        .tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: -1, max: 1 }))
        .map(([k, d]) => Math.max(0, k * step + d)),
      v: fc.integer({ min: 1, max: 9 }),
    }),
    { minLength: 5, maxLength: 40, size: 'medium' },
  );

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

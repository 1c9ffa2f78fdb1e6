import { describe, expect, it } from 'vitest';
import { runExample } from '../../examples/testing/embeddedKafka.js';

describe('examples/testing/embeddedKafka', () => {
  it('produces, consumes every record once and commits the end offsets', async () => {
    const values = ['a', 'b', 'c', 'd', 'e', 'f'];
    const result = await runExample(values);
    expect([...result.consumed].sort()).toEqual(values);
    expect(result.stored).toBe(values.length);
    // Each partition's committed offset is its end offset; together they cover every record.
    const committedTotal = result.committed.reduce((sum, c) => sum + c.offset, 0n);
    expect(committedTotal).toBe(BigInt(values.length));
  });
});

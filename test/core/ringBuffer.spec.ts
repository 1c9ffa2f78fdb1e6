import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaxCapacity, RingBuffer } from 'sluice';

type Op =
  | { readonly kind: 'enqueue'; readonly value: number }
  | { readonly kind: 'dequeue' | 'dropTail' | 'clear' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.integer().map((value): Op => ({ kind: 'enqueue', value })) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'dequeue' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'dropTail' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'clear' }) },
);

/** The capacity rounded up to a power of two: the most slots a ring may ever hold. */
function slotBound(capacity: number): number {
  let size = 1;
  while (size < capacity) size *= 2;
  return size;
}

describe('RingBuffer', () => {
  it('behaves as a bounded array queue, holding no more slots than its bound allows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.array(op, { maxLength: 300 }),
        (capacity, ops) => {
          const ring = new RingBuffer<number>(capacity);
          const model: number[] = [];
          for (const o of ops) {
            if (o.kind === 'enqueue') {
              if (model.length === capacity) {
                expect(ring.isFull).toBe(true);
                expect(() => {
                  ring.enqueue(o.value);
                }).toThrow(RangeError);
              } else {
                ring.enqueue(o.value);
                model.push(o.value);
              }
            } else if (o.kind === 'clear') {
              ring.clear();
              model.length = 0;
            } else if (model.length === 0) {
              expect(() => (o.kind === 'dequeue' ? ring.dequeue() : ring.dropTail())).toThrow(
                'RingBuffer: empty',
              );
            } else {
              expect(o.kind === 'dequeue' ? ring.dequeue() : ring.dropTail()).toBe(
                o.kind === 'dequeue' ? model.shift() : model.pop(),
              );
            }
            expect(ring.length).toBe(model.length);
            expect(ring.peek()).toBe(model[0]);
            expect([...ring]).toEqual(model);
            expect(ring.allocated).toBeLessThanOrEqual(slotBound(capacity));
            expect(ring.allocated).toBeLessThanOrEqual(Math.max(16, slotBound(model.length)) * 2);
          }
        },
      ),
    );
  });

  it('starts small and doubles only as it fills, whatever its capacity', () => {
    const ring = new RingBuffer<number>(MaxCapacity);
    expect(ring.allocated).toBe(16);
    for (let i = 0; i < 16; i++) ring.enqueue(i);
    expect(ring.allocated).toBe(16);
    ring.enqueue(16);
    expect(ring.allocated).toBe(32);
    for (let i = 17; i < 1000; i++) ring.enqueue(i);
    expect(ring.allocated).toBe(1024);
    expect(ring.dequeue()).toBe(0);
    expect(ring.length).toBe(999);
  });

  it('keeps order across a growth that happens while the items wrap round the array', () => {
    const ring = new RingBuffer<number>(100);
    for (let i = 0; i < 10; i++) ring.enqueue(i);
    for (let i = 0; i < 10; i++) ring.dequeue();
    for (let i = 0; i < 40; i++) ring.enqueue(i);
    expect([...ring]).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(ring.allocated).toBe(64);
  });

  it('never allocates more than a small capacity needs', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 0; i < 3; i++) ring.enqueue(i);
    expect(ring.isFull).toBe(true);
    expect(ring.allocated).toBe(4);
  });

  it('refuses a capacity that is not an integer from 1 to 2**30', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, MaxCapacity + 1, 2 ** 31, 2 ** 53, Infinity]) {
      expect(() => new RingBuffer(bad)).toThrow(
        /^RingBuffer: capacity must be an integer from 1 to 2\*\*30 \(1073741824\), got /,
      );
    }
  });
});

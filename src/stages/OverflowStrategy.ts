/**
 * What a bounded buffer does when an element arrives and it is full:
 * - `dropHead`: evict the oldest buffered element, keep the new one;
 * - `dropTail`: evict the newest buffered element, keep the new one;
 * - `dropBuffer`: clear the whole buffer, keep the new one;
 * - `dropNew`: drop the new element;
 * - `backpressure`: stop pulling upstream until there is room (nothing is dropped);
 * - `fail`: fail the stream with `BufferOverflowError`.
 */
export type OverflowStrategy =
  'dropHead' | 'dropTail' | 'dropBuffer' | 'dropNew' | 'backpressure' | 'fail';

/** `delay`'s overflow strategies: those of {@link OverflowStrategy}, plus `emitEarly` (push the oldest now). */
export type DelayOverflowStrategy = OverflowStrategy | 'emitEarly';

const strategies: readonly string[] = [
  'dropHead',
  'dropTail',
  'dropBuffer',
  'dropNew',
  'backpressure',
  'fail',
];

/** @internal Throws a TypeError naming the operator unless `value` is one of `allowed`. */
export function requireOverflowStrategy(
  operator: string,
  value: string,
  allowed: readonly string[] = strategies,
): void {
  if (!allowed.includes(value)) {
    throw new TypeError(
      `${operator}: overflowStrategy must be one of ${allowed.join(', ')}, got ${value}`,
    );
  }
}

import { Source } from 'sluice';

/** A source of `elements` that counts how often it was materialized. */
export function counted(elements: number[]): {
  source: Source<number, unknown>;
  made: () => number;
} {
  let made = 0;
  return {
    source: Source.fromIterator(() => {
      made++;
      return elements.values();
    }),
    made: () => made,
  };
}

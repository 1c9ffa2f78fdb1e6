import type { Connection } from './Connection.js';

/**
 * @internal How many signals can wait to be chased at once (a power of two): a zip pulls all its
 * inputs, a merge gets its input's next element and its downstream's next pull back.
 */
export const ChaseSize = 4;

/**
 * @internal The pushes and pulls made by the handlers that ran, waiting to be chased, oldest
 * first. A connection holds one signal in flight at most (a push needs the pull delivered, and a
 * pull the push), so its state says which.
 */
export class ChaseRing {
  /** How many signals wait. */
  count = 0;
  private head = 0;
  private readonly ring: (Connection | undefined)[] = new Array<Connection | undefined>(
    ChaseSize,
  ).fill(undefined);

  /** Adds the newest signal; call only when `count` is below {@link ChaseSize}. */
  add(c: Connection): void {
    const count = this.count;
    this.ring[(this.head + count) & (ChaseSize - 1)] = c;
    this.count = count + 1;
  }

  /** The oldest signal; call only when `count` is not 0. */
  take(): Connection {
    const head = this.head;
    const c = this.ring[head] as Connection; // non-null: count > 0
    this.ring[head] = undefined;
    this.head = (head + 1) & (ChaseSize - 1);
    this.count--;
    return c;
  }
}

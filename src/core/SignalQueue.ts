import type { Connection } from './Connection.js';

/** A growable ring of connections with a pending signal; a connection is in a queue at most once. */
class ConnectionQueue {
  private ring: (Connection | undefined)[] = new Array<Connection | undefined>(16).fill(undefined);
  private mask = 15;
  private head = 0;
  private tail = 0;

  get isEmpty(): boolean {
    return this.head === this.tail;
  }

  add(c: Connection): void {
    this.ring[this.tail] = c;
    this.tail = (this.tail + 1) & this.mask;
    if (this.tail === this.head) this.grow();
  }

  /** The oldest connection; call only when not empty. */
  take(): Connection {
    const c = this.ring[this.head] as Connection; // non-null: head !== tail
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    return c;
  }

  private grow(): void {
    const old = this.ring;
    const size = old.length;
    const next = new Array<Connection | undefined>(size * 2).fill(undefined);
    for (let i = 0; i < size; i++) next[i] = old[(this.head + i) & this.mask];
    this.ring = next;
    this.head = 0;
    this.tail = size;
    this.mask = size * 2 - 1;
  }
}

/**
 * @internal The interpreter's queued port signals. They run in rounds: those raised while one
 * round runs wait for the next. A round runs the signals travelling downstream (pushes,
 * completions, failures) before those travelling upstream (pulls, cancels). So a stage that pushes
 * and then pulls one of its inputs (a merge) gets that input's element before its downstream's
 * next pull, and chooses among every input that holds an element (priorities, preferences); and a
 * pull raised in one round still reaches its stage before an element raised in the next (a wire
 * tap's demand is seen in time).
 */
export class SignalQueue {
  /** How many signals are queued. */
  size = 0;
  // The queues of the next round become those of the running round by swapping references, so a
  // signal is queued and taken once, never copied.
  private roundDown = new ConnectionQueue();
  private roundUp = new ConnectionQueue();
  private nextDown = new ConnectionQueue();
  private nextUp = new ConnectionQueue();

  /** Queues a signal for the next round: `down` for a push or a completion, else a pull or a cancel. */
  add(c: Connection, down: boolean): void {
    if (down) this.nextDown.add(c);
    else this.nextUp.add(c);
    this.size++;
  }

  /** The next signal to run; call only when `size` is not 0. */
  take(): Connection {
    if (this.roundDown.isEmpty && this.roundUp.isEmpty) {
      const down = this.roundDown;
      const up = this.roundUp;
      this.roundDown = this.nextDown;
      this.roundUp = this.nextUp;
      this.nextDown = down;
      this.nextUp = up;
    }
    this.size--;
    return this.roundDown.isEmpty ? this.roundUp.take() : this.roundDown.take();
  }
}

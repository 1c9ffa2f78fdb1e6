/** @internal An event held for the partial matches that took it: stored once, counted. */
export class EventEntry<T> {
  /** How many nodes point at it; it is dropped at zero. */
  refs = 0;
  constructor(
    readonly event: T,
    readonly timestamp: number,
    /** Processing order: the event id skip strategies compare. */
    readonly seq: number,
  ) {}
}

/**
 * @internal One event taken by one step, linked to the node of the event before it in the same
 * partial match. Partial matches that share a prefix share its nodes: a branch adds one node.
 */
export class BufferNode<T> {
  /** Holders: partial matches, pending matches and the nodes that extend it. */
  refs = 0;
  constructor(
    readonly entry: EventEntry<T>,
    /** The index of the step that took the event. */
    readonly step: number,
    readonly prev: BufferNode<T> | undefined,
  ) {}
}

/** @internal The counts a shared buffer keeps, read as metrics. */
export interface BufferCounts {
  bufferedEvents: number;
  bufferNodes: number;
}

/**
 * @internal The shared buffer of Flink CEP, as a prefix tree with reference counts: each event
 * is stored once however many partial matches take it, and each partial match is a path to the
 * root, so N partial matches with a common prefix cost N nodes past it, not N copies. A node is
 * freed when its count reaches zero, and frees its predecessor in turn.
 */
export class SharedBuffer<T> {
  constructor(private readonly counts: BufferCounts) {}

  /** A new node for `entry` taken by `step` after `prev`; unheld until `retain`. */
  take(prev: BufferNode<T> | undefined, entry: EventEntry<T>, step: number): BufferNode<T> {
    if (entry.refs++ === 0) this.counts.bufferedEvents++;
    if (prev !== undefined) prev.refs++;
    this.counts.bufferNodes++;
    return new BufferNode(entry, step, prev);
  }

  retain(node: BufferNode<T>): void {
    node.refs++;
  }

  release(node: BufferNode<T>): void {
    node.refs--;
    this.dropIfUnheld(node);
  }

  /** Frees `node` and the prefix only it held, if nothing holds it. */
  dropIfUnheld(node: BufferNode<T>): void {
    for (let n = node; n.refs === 0;) {
      this.counts.bufferNodes--;
      if (--n.entry.refs === 0) this.counts.bufferedEvents--;
      const prev = n.prev;
      if (prev === undefined) return;
      prev.refs--;
      n = prev;
    }
  }
}

import type { PartialMatch } from './PartialMatch.js';

/** @internal An event held for the partial matches that took it: stored once, counted. */
export class EventEntry<T> {
  /** How many nodes point at it; it is dropped at zero. */
  refs = 0;
  constructor(
    public event: T,
    public timestamp: number,
    /** Processing order: the event id skip strategies compare. */
    public seq: number,
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
    public entry: EventEntry<T>,
    /** The index of the step that took the event. */
    public step: number,
    public prev: BufferNode<T> | undefined,
  ) {}
}

/** @internal How many freed entries, nodes and partial-match objects a shared buffer keeps. */
export const maxRecycled = 4096;

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
 *
 * Freed entries and nodes and the objects of ended partial matches are kept (up to
 * {@link maxRecycled} each) and reused: they live for many events, so new ones would survive
 * young-generation collections and be copied, which cost a fifth of the time of the relaxed
 * benchmark.
 */
export class SharedBuffer<T> {
  private readonly entries: (EventEntry<T> | undefined)[] = [];
  private entryCount = 0;
  /** The entry of the event being matched: not recycled at zero, as the NFA may take it again. */
  private current: EventEntry<T> | undefined = undefined;
  private readonly nodes: (BufferNode<T> | undefined)[] = [];
  private nodeCount = 0;
  private readonly partials: (PartialMatch<T> | undefined)[] = [];
  private partialCount = 0;

  constructor(private readonly counts: BufferCounts) {}

  /** The entry of the event an NFA matches now, until {@link endEvent}; unheld until taken. */
  entry(event: T, timestamp: number, seq: number): EventEntry<T> {
    let entry: EventEntry<T>;
    if (this.entryCount === 0) entry = new EventEntry(event, timestamp, seq);
    else {
      entry = this.entries[--this.entryCount] as EventEntry<T>; // non-null: below entryCount
      this.entries[this.entryCount] = undefined;
      entry.event = event;
      entry.timestamp = timestamp;
      entry.seq = seq;
    }
    this.current = entry;
    return entry;
  }

  /** The NFA is done with the event of `entry`: it is recycled if no node took it. */
  endEvent(entry: EventEntry<T>): void {
    this.current = undefined;
    if (entry.refs === 0) this.recycleEntry(entry);
  }

  /** A new node for `entry` taken by `step` after `prev`; unheld until `retain`. */
  take(prev: BufferNode<T> | undefined, entry: EventEntry<T>, step: number): BufferNode<T> {
    if (entry.refs++ === 0) this.counts.bufferedEvents++;
    if (prev !== undefined) prev.refs++;
    this.counts.bufferNodes++;
    if (this.nodeCount === 0) return new BufferNode(entry, step, prev);
    const node = this.nodes[--this.nodeCount] as BufferNode<T>; // non-null: below nodeCount
    this.nodes[this.nodeCount] = undefined;
    node.entry = entry;
    node.step = step;
    node.prev = prev;
    return node;
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
      const entry = n.entry;
      if (--entry.refs === 0) {
        this.counts.bufferedEvents--;
        if (entry !== this.current) this.recycleEntry(entry);
      }
      const prev = n.prev;
      if (this.nodeCount < maxRecycled) {
        n.prev = undefined; // a kept node holds no path
        this.nodes[this.nodeCount++] = n;
      }
      if (prev === undefined) return;
      prev.refs--;
      n = prev;
    }
  }

  private recycleEntry(entry: EventEntry<T>): void {
    if (this.entryCount < maxRecycled) this.entries[this.entryCount++] = entry;
  }

  /** The object of an ended partial match to reuse, if one is kept. */
  recycledPartial(): PartialMatch<T> | undefined {
    if (this.partialCount === 0) return undefined;
    const pm = this.partials[--this.partialCount];
    this.partials[this.partialCount] = undefined;
    return pm;
  }

  /** Takes back the object of a partial match that ended (its node released or handed on). */
  recycle(pm: PartialMatch<T>): void {
    if (this.partialCount < maxRecycled) this.partials[this.partialCount++] = pm;
  }
}

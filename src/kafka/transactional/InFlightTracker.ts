import type { CommittedMarker } from './CommittedMarker.js';

/**
 * @internal One fetched batch of one partition, held by kafkajs's `eachBatch` until its records
 * are committed in a transaction (or given up). kafkajs rejoins the group only after every
 * `eachBatch` call returned, so holding them is what keeps a revoke from completing while records
 * of the revoked partitions are in flight.
 */
export class HeldBatch {
  /** The offset that must be committed before the batch is released; -1 until known. */
  target = -1;
  /** When the batch was fully emitted, on the stage's clock; for the commit timeout. */
  emittedAt = -1;
  private release: (() => void) | undefined;
  readonly released: Promise<void>;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The batch's last record offset. */
    readonly lastOffset: number,
  ) {
    let release!: () => void; // assigned by the executor below, synchronously
    this.released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.release = release;
  }

  get key(): string {
    return `${this.topic}/${this.partition}`;
  }

  /** Lets kafkajs go on; idempotent. */
  done(): void {
    const release = this.release;
    this.release = undefined;
    if (release !== undefined) release();
  }

  isReleased(): boolean {
    return this.release === undefined;
  }
}

/**
 * @internal The transactional source's side of {@link CommittedMarker}: it holds the fetched
 * batches whose records are emitted but not yet committed and releases each one once a
 * transaction committed its last offset. It lives outside the stage, so that a commit after
 * the source completed (the sink commits its last transaction then) still releases kafkajs.
 */
export class InFlightTracker implements CommittedMarker {
  /** Fully emitted batches waiting for their commit, oldest first. */
  readonly waiting: HeldBatch[] = [];
  /** The highest committed record offset per `topic/partition`. */
  private readonly committedUpTo = new Map<string, number>();
  /** Trackers of the partitions of a partitioned source, which this one sums up. */
  private readonly children: InFlightTracker[] = [];
  /** Called after a commit released batches, or a failure released all. */
  onChange: () => void = () => undefined;
  /** Called when a transaction holding this source's records aborted. */
  onFailed: () => void = () => undefined;
  /** The sinks' ways to commit early, one per sink that saw this source's offsets. */
  private readonly commitRequests: (() => void)[] = [];

  /** Whether any batch (here or in a child tracker) still waits for its commit. */
  get hasWaiting(): boolean {
    return this.waiting.length > 0 || this.children.some((c) => c.hasWaiting);
  }

  /** Sums up `child` in {@link hasWaiting} and {@link releaseAll}. */
  add(child: InFlightTracker): void {
    this.children.push(child);
  }

  /** A batch was fully emitted: it waits for `target` to be committed. */
  await(batch: HeldBatch, target: number, now: number): void {
    batch.target = target;
    batch.emittedAt = now;
    if ((this.committedUpTo.get(batch.key) ?? -1) >= target) {
      batch.done();
      return;
    }
    this.waiting.push(batch);
  }

  committed(offsets: ReadonlyMap<string, number>): void {
    for (const [key, offset] of offsets) {
      if ((this.committedUpTo.get(key) ?? -1) < offset) this.committedUpTo.set(key, offset);
    }
    let kept = 0;
    for (const batch of this.waiting) {
      if ((this.committedUpTo.get(batch.key) ?? -1) >= batch.target) batch.done();
      else this.waiting[kept++] = batch;
    }
    this.waiting.length = kept;
    this.onChange();
  }

  attach(requestCommit: () => void): void {
    if (!this.commitRequests.includes(requestCommit)) this.commitRequests.push(requestCommit);
  }

  /** Asks the sinks to commit now: the source has emitted all it fetched and waits. */
  requestCommit(): void {
    if (this.waiting.length === 0) return;
    for (const request of this.commitRequests) request();
  }

  failed(): void {
    this.releaseAll();
    this.onFailed();
    this.onChange();
  }

  /** Releases every held batch: the stream is gone, its uncommitted records will be re-read. */
  releaseAll(): void {
    for (const batch of this.waiting) batch.done();
    this.waiting.length = 0;
    for (const child of this.children) child.releaseAll();
  }
}

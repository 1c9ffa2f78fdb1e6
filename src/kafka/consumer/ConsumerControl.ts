import type { PartitionMetrics } from './PartitionMetrics.js';

/** What `Control.metrics` reports: lag per assigned partition and what the stage buffers. */
export interface ConsumerMetrics {
  readonly partitions: readonly PartitionMetrics[];
  /** Records fetched and held by the source, not yet emitted (at most one fetch per partition). */
  readonly bufferedRecords: number;
}

/**
 * The materialized value of every consumer source: stop emitting, shut the consumer down, drain.
 * - `stop()` completes the source; the consumer stays (for `stopTimeout`) so commits of records
 *   already in the stream still work.
 * - `shutdown()` completes the source, lets the committers flush, waits for commits in flight,
 *   leaves the group and closes the consumer.
 * - `drainAndShutdown(streamCompletion)` stops, waits for the stream to finish, then shuts down;
 *   it resolves with the stream's result or rejects with its error.
 * - `isShutdown` resolves once the consumer is closed, however the source ended.
 */
export interface Control {
  stop(): Promise<void>;
  shutdown(): Promise<void>;
  drainAndShutdown<T>(streamCompletion: Promise<T>): Promise<T>;
  readonly isShutdown: Promise<void>;
  metrics(): Promise<ConsumerMetrics>;
}

/** @internal What a source stage offers its control. */
export interface ControlTarget {
  /** Completes the source; resolves when it stopped emitting. */
  stop(): Promise<void>;
  /** Shuts the consumer down now; resolves when it is closed. */
  shutdown(): Promise<void>;
  metrics(): ConsumerMetrics;
}

/** @internal The control of one source, usable before its stage runs. */
export class SourceControl implements Control {
  private target: ControlTarget | undefined = undefined;
  private readonly waiting: ((t: ControlTarget) => void)[] = [];
  private resolveShutdown!: () => void; // assigned in the constructor's executor
  readonly isShutdown: Promise<void>;

  constructor() {
    this.isShutdown = new Promise<void>((resolve) => {
      this.resolveShutdown = resolve;
    });
  }

  /** @internal */
  bind(target: ControlTarget): void {
    this.target = target;
    for (const w of this.waiting.splice(0)) w(target);
  }

  /** @internal */
  markShutdown(): void {
    this.resolveShutdown();
  }

  private withTarget(): Promise<ControlTarget> {
    if (this.target !== undefined) return Promise.resolve(this.target);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async stop(): Promise<void> {
    await (await this.withTarget()).stop();
  }

  async shutdown(): Promise<void> {
    const target = await this.withTarget();
    await target.stop();
    await target.shutdown();
  }

  async drainAndShutdown<T>(streamCompletion: Promise<T>): Promise<T> {
    await this.stop();
    try {
      return await streamCompletion;
    } finally {
      await this.shutdown();
    }
  }

  async metrics(): Promise<ConsumerMetrics> {
    return (await this.withTarget()).metrics();
  }
}

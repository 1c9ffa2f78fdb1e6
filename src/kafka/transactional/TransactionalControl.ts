import type { Consumer } from 'kafkajs';
import type { AsyncCallback } from '../../core/index.js';
import { Deferred } from '../../stages/index.js';
import type { InFlightTracker } from './InFlightTracker.js';

/**
 * The materialized value of `Transactional.source`: stop it, shut it down, or drain it. After
 * the source stops, its consumer stays in the group until the records it emitted are committed
 * by the transactional sink (at most `commitTimeout`), then leaves; `isShutdown` resolves then.
 */
export class TransactionalControl {
  private stopCallback: AsyncCallback<undefined> | undefined = undefined;
  private consumer: Consumer | undefined = undefined;
  private closeTimeout = 0;
  private readonly shutdownDone = new Deferred<void>();
  private isClosing = false;

  /** @internal */
  constructor(
    private readonly tracker: InFlightTracker,
    private readonly commitTimeout: number,
  ) {}

  /** @internal */
  attach(stopCallback: AsyncCallback<undefined>): void {
    this.stopCallback = stopCallback;
  }

  /** @internal */
  consumerReady(consumer: Consumer, closeTimeout: number): void {
    this.consumer = consumer;
    this.closeTimeout = closeTimeout;
  }

  /** Resolves once the source stopped and its consumer left the group, however it stopped. */
  get isShutdown(): Promise<void> {
    return this.shutdownDone.promise;
  }

  /** Completes the source: nothing more is emitted; what was emitted can still commit. */
  async stop(): Promise<void> {
    await this.stopCallback?.invokeWithFeedback(undefined).catch(() => undefined);
  }

  /** Stops the source, waits for its emitted records to commit, and closes the consumer. */
  async shutdown(): Promise<void> {
    await this.stop();
    await this.isShutdown;
  }

  /**
   * Stops the source, waits for `streamCompletion` (so the sink commits the last transaction),
   * then shuts down; resolves with the stream's value or rejects with its error.
   */
  async drainAndShutdown<T>(streamCompletion: Promise<T>): Promise<T> {
    await this.stop();
    try {
      return await streamCompletion;
    } finally {
      await this.isShutdown;
    }
  }

  /** @internal The stage stopped: wait for in-flight commits (bounded), then leave the group. */
  sourceStopped(): void {
    if (this.isClosing) return;
    this.isClosing = true;
    void this.close();
  }

  private async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.commitTimeout);
      timer.unref();
      const check = (): void => {
        if (!this.tracker.hasWaiting) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.tracker.onChange = check;
      check();
    });
    // Anything still held will be re-read by the next owner: let kafkajs return.
    this.tracker.releaseAll();
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        consumer.disconnect().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.closeTimeout);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    }
    this.shutdownDone.resolve();
  }
}

import type { Control, ConsumerMetrics } from './consumer/ConsumerControl.js';

/**
 * A consumer's {@link Control} together with the stream's completion, so one call drains the
 * stream and shuts the consumer down in the documented order: stop emitting, wait until every
 * element reached the sink (and its offsets the committer), then commit and close.
 *
 * @example
 * ```ts
 * import { Keep } from 'sluice';
 * import { Committer, CommitterSettings, Consumer, ConsumerSettings, DrainingControl, Subscriptions } from 'sluice/kafka';
 *
 * declare const settings: ConsumerSettings<string, string>;
 * const control = Consumer.committableSource(settings, Subscriptions.topics('orders'))
 *   .map((msg) => msg.committableOffset)
 *   .toMat(Committer.sink(CommitterSettings.create()), Keep.both)
 *   .mapMaterializedValue(DrainingControl.create)
 *   .run();
 * await control.drainAndShutdown();
 * ```
 */
export class DrainingControl<T> {
  private constructor(
    /** The consumer's control. */
    readonly control: Control,
    /** The stream's result (the sink's materialized promise). */
    readonly streamCompletion: Promise<T>,
  ) {
    streamCompletion.catch(() => undefined);
  }

  /** Pairs a control with the stream's completion (use with `Keep.both`). */
  static create<T>(this: void, pair: readonly [Control, Promise<T>]): DrainingControl<T> {
    return new DrainingControl(pair[0], pair[1]);
  }

  /** Stops the source, waits for the stream to finish, then shuts the consumer down. */
  drainAndShutdown(): Promise<T> {
    return this.control.drainAndShutdown(this.streamCompletion);
  }

  /** Stops emitting; the stream completes once in-flight elements are through. */
  stop(): Promise<void> {
    return this.control.stop();
  }

  /** Resolves once the stream finished and the consumer is closed. */
  get isShutdown(): Promise<void> {
    return Promise.allSettled([this.streamCompletion]).then(() => this.control.isShutdown);
  }

  /** Lag per partition and the records the source buffers. */
  metrics(): Promise<ConsumerMetrics> {
    return this.control.metrics();
  }
}

import { requireNonNegativeDuration, requirePositiveInt } from '../../core/index.js';

/** `WaitForAck` waits for the broker's reply to each commit; `SendAndForget` does not. */
export type CommitDelivery = 'WaitForAck' | 'SendAndForget';

/**
 * `OffsetFirstObserved` queues an offset as soon as it is seen; `NextOffsetObserved` holds each
 * partition's offset back until a higher one of the same partition arrives.
 */
export type CommitWhen = 'OffsetFirstObserved' | 'NextOffsetObserved';

/** Every field of {@link CommitterSettings}, all optional. */
export interface CommitterSettingsOptions {
  /** Commit when the batch stands for this many messages. Default 1000. */
  readonly maxBatch?: number;
  /** Commit at least this often while anything is pending, ms; must be positive. Default 10 000. */
  readonly maxInterval?: number;
  /** Commit batches in flight (WaitForAck). Default 100. */
  readonly parallelism?: number;
  /** Default `'WaitForAck'`. */
  readonly delivery?: CommitDelivery;
  /** Default `'OffsetFirstObserved'`. */
  readonly when?: CommitWhen;
}

/**
 * How a Committer batches and commits offsets, with Alpakka's defaults. Immutable; a bad value
 * fails at once, naming the setting.
 *
 * @example
 * ```ts
 * import { CommitterSettings } from 'sluice/kafka';
 *
 * const settings = CommitterSettings.create().withMaxBatch(500).withMaxInterval(2_000);
 * ```
 */
export class CommitterSettings {
  readonly maxBatch: number;
  readonly maxInterval: number;
  readonly parallelism: number;
  readonly delivery: CommitDelivery;
  readonly when: CommitWhen;

  private constructor(o: CommitterSettingsOptions) {
    const maxBatch = o.maxBatch ?? 1000;
    requirePositiveInt('CommitterSettings', 'maxBatch', maxBatch);
    const maxInterval = o.maxInterval ?? 10_000;
    requireNonNegativeDuration('CommitterSettings', 'maxInterval', maxInterval);
    if (maxInterval === 0) {
      throw new RangeError('CommitterSettings: maxInterval must be positive, got 0');
    }
    const parallelism = o.parallelism ?? 100;
    requirePositiveInt('CommitterSettings', 'parallelism', parallelism);
    const delivery = o.delivery ?? 'WaitForAck';
    if (!(['WaitForAck', 'SendAndForget'] as readonly string[]).includes(delivery)) {
      throw new TypeError(
        `CommitterSettings: delivery must be 'WaitForAck' or 'SendAndForget', got ${JSON.stringify(delivery)}`,
      );
    }
    const when = o.when ?? 'OffsetFirstObserved';
    if (!(['OffsetFirstObserved', 'NextOffsetObserved'] as readonly string[]).includes(when)) {
      throw new TypeError(
        `CommitterSettings: when must be 'OffsetFirstObserved' or 'NextOffsetObserved', got ${JSON.stringify(when)}`,
      );
    }
    this.maxBatch = maxBatch;
    this.maxInterval = maxInterval;
    this.parallelism = parallelism;
    this.delivery = delivery;
    this.when = when;
    Object.freeze(this);
  }

  /**
   * Committer settings; defaults: maxBatch 1000, maxInterval 10 s, parallelism 100, WaitForAck,
   * OffsetFirstObserved.
   * @throws RangeError or TypeError naming the first bad setting.
   */
  static create(options: CommitterSettingsOptions = {}): CommitterSettings {
    return new CommitterSettings(options);
  }

  /** All fields, for building a changed copy. */
  toOptions(): CommitterSettingsOptions {
    return {
      maxBatch: this.maxBatch,
      maxInterval: this.maxInterval,
      parallelism: this.parallelism,
      delivery: this.delivery,
      when: this.when,
    };
  }

  /** Commit when the batch stands for this many messages. */
  withMaxBatch(maxBatch: number): CommitterSettings {
    return new CommitterSettings({ ...this.toOptions(), maxBatch });
  }
  /** Commit at least this often while anything is pending, ms. */
  withMaxInterval(ms: number): CommitterSettings {
    return new CommitterSettings({ ...this.toOptions(), maxInterval: ms });
  }
  /** Commit batches in flight. */
  withParallelism(parallelism: number): CommitterSettings {
    return new CommitterSettings({ ...this.toOptions(), parallelism });
  }
  /** Whether to wait for the broker's reply. */
  withDelivery(delivery: CommitDelivery): CommitterSettings {
    return new CommitterSettings({ ...this.toOptions(), delivery });
  }
  /** When an offset is queued for commit. */
  withCommitWhen(when: CommitWhen): CommitterSettings {
    return new CommitterSettings({ ...this.toOptions(), when });
  }
}

import type { TopicPartition } from './TopicPartition.js';

/**
 * Hooks into a group subscription's rebalances. `onRevoke` runs before this member rejoins the
 * group, so before the partitions can move: after the source dropped their buffered records and
 * the committers flushed their offsets. `onLost` runs instead when the member was thrown out of
 * the group (its commits no longer count). `onStop` runs when the source stops, with the partitions
 * it still holds. A returned promise is awaited (a warning is logged past
 * `partitionHandlerWarning`).
 */
export interface RebalanceListener {
  onAssign?(partitions: readonly TopicPartition[]): void | Promise<void>;
  onRevoke?(partitions: readonly TopicPartition[]): void | Promise<void>;
  onLost?(partitions: readonly TopicPartition[]): void | Promise<void>;
  onStop?(partitions: readonly TopicPartition[]): void | Promise<void>;
}

/** A group-managed subscription: Kafka's group protocol assigns the partitions. */
export interface AutoSubscription {
  readonly kind: 'auto';
  readonly topics: readonly (string | RegExp)[];
  readonly rebalanceListener: RebalanceListener | undefined;
  /** The same subscription with rebalance hooks. */
  withRebalanceListener(listener: RebalanceListener): AutoSubscription;
}

/**
 * A fixed set of partitions: `offsets` seeks to explicit offsets, `timestamps` to the first offset
 * at or after a time; otherwise each starts at its committed offset or `autoOffsetReset`.
 */
export interface ManualSubscription {
  readonly kind: 'manual';
  readonly partitions: readonly TopicPartition[];
  readonly offsets: ReadonlyMap<string, number> | undefined;
  readonly timestamps: ReadonlyMap<string, number> | undefined;
}

/** What a consumer source reads. */
export type Subscription = AutoSubscription | ManualSubscription;

function auto(
  topics: readonly (string | RegExp)[],
  listener: RebalanceListener | undefined,
): AutoSubscription {
  return Object.freeze({
    kind: 'auto' as const,
    topics: Object.freeze([...topics]),
    rebalanceListener: listener,
    withRebalanceListener(l: RebalanceListener): AutoSubscription {
      return auto(topics, l);
    },
  });
}

function requireTopic(factory: string, topic: unknown): void {
  if (typeof topic !== 'string' || topic === '' || /[/@\s]/.test(topic)) {
    throw new TypeError(
      `Subscriptions.${factory}: a topic must be a non-empty name without '/', '@' or spaces, got ${JSON.stringify(topic)}`,
    );
  }
}

function requirePartition(factory: string, tp: TopicPartition): void {
  requireTopic(factory, tp.topic);
  if (!Number.isInteger(tp.partition) || tp.partition < 0) {
    throw new RangeError(
      `Subscriptions.${factory}: partition must be a non-negative integer, got ${String(tp.partition)}`,
    );
  }
}

function keyed(
  factory: string,
  entries: Iterable<readonly [TopicPartition, number]>,
  what: string,
): { partitions: TopicPartition[]; map: Map<string, number> } {
  const partitions: TopicPartition[] = [];
  const map = new Map<string, number>();
  for (const [tp, value] of entries) {
    requirePartition(factory, tp);
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(
        `Subscriptions.${factory}: ${what} of ${tp.topic}/${tp.partition} must be a non-negative integer, got ${String(value)}`,
      );
    }
    partitions.push({ topic: tp.topic, partition: tp.partition });
    map.set(`${tp.topic}/${tp.partition}`, value);
  }
  if (partitions.length === 0) {
    throw new TypeError(`Subscriptions.${factory}: at least one partition is needed`);
  }
  return { partitions, map };
}

/**
 * The ways to say what a consumer source reads, with Alpakka's names.
 *
 * @example
 * ```ts
 * import { Subscriptions } from 'sluice/kafka';
 *
 * const byGroup = Subscriptions.topics('orders', 'refunds').withRebalanceListener({
 *   onRevoke: (tps) => { console.log('revoked', tps); },
 * });
 * const fixed = Subscriptions.assignmentWithOffset([[{ topic: 'orders', partition: 0 }, 42]]);
 * ```
 */
export const Subscriptions = {
  /**
   * Group-managed subscription to the topics (needs a group id).
   * @throws TypeError for an empty list or a bad topic name.
   */
  topics(...topics: string[]): AutoSubscription {
    if (topics.length === 0)
      throw new TypeError('Subscriptions.topics: at least one topic is needed');
    for (const t of topics) requireTopic('topics', t);
    return auto(topics, undefined);
  },
  /** Group-managed subscription to every topic whose name matches. */
  topicPattern(pattern: RegExp): AutoSubscription {
    if (!(pattern instanceof RegExp)) {
      throw new TypeError('Subscriptions.topicPattern: pattern must be a RegExp');
    }
    return auto([pattern], undefined);
  },
  /**
   * Exactly these partitions, starting at the committed offset or `autoOffsetReset`.
   * @throws TypeError or RangeError for no partition or a bad one.
   */
  assignment(...partitions: TopicPartition[]): ManualSubscription {
    if (partitions.length === 0) {
      throw new TypeError('Subscriptions.assignment: at least one partition is needed');
    }
    for (const tp of partitions) requirePartition('assignment', tp);
    return Object.freeze({
      kind: 'manual' as const,
      partitions: Object.freeze(
        partitions.map((tp) => ({ topic: tp.topic, partition: tp.partition })),
      ),
      offsets: undefined,
      timestamps: undefined,
    });
  },
  /** These partitions, each starting at the given offset. */
  assignmentWithOffset(offsets: Iterable<readonly [TopicPartition, number]>): ManualSubscription {
    const { partitions, map } = keyed('assignmentWithOffset', offsets, 'the offset');
    return Object.freeze({
      kind: 'manual' as const,
      partitions,
      offsets: map,
      timestamps: undefined,
    });
  },
  /** These partitions, each starting at its first record at or after the time (ms since epoch). */
  assignmentOffsetsForTimes(
    timestamps: Iterable<readonly [TopicPartition, number]>,
  ): ManualSubscription {
    const { partitions, map } = keyed('assignmentOffsetsForTimes', timestamps, 'the timestamp');
    return Object.freeze({
      kind: 'manual' as const,
      partitions,
      offsets: undefined,
      timestamps: map,
    });
  },
} as const;

import { Source } from '../core/index.js';
import '../stages/index.js';
import {
  type CommittableMessage,
  type CommittableOffset,
  type ConsumerRecord,
} from './ConsumerMessage.js';
import type { Control } from './consumer/ConsumerControl.js';
import { ConsumerDriver } from './consumer/ConsumerDriver.js';
import {
  KafkaSourceStage,
  type DriverSource,
  type ElementFactory,
} from './consumer/KafkaSourceStage.js';
import type { ConsumerSettings } from './settings/ConsumerSettings.js';
import type { KafkaConsumerActor } from './KafkaConsumerActor.js';
import type { ManualSubscription, Subscription } from './Subscriptions.js';
import { partitionedFactories } from './consumer/partitionedSources.js';
import { committable } from './consumer/committableElement.js';
import { SourceWithContext } from '../stages/index.js';

function own(
  name: string,
  settings: ConsumerSettings<unknown, unknown>,
  sub: Subscription,
  commits: boolean,
): DriverSource {
  if (commits) settings.requireGroupId(name, 'committing offsets needs a consumer group');
  if (sub.kind === 'auto')
    settings.requireGroupId(name, 'a topic subscription is managed by a consumer group');
  settings.requireBootstrapServers(name);
  return {
    driver: () => new ConsumerDriver(name, settings, sub, commits),
    owned: true,
    partitions: undefined,
  };
}

function source<K, V, T>(
  name: string,
  settings: ConsumerSettings<K, V>,
  sub: Subscription,
  commits: boolean,
  element: ElementFactory<K, V, T>,
): Source<T, Control> {
  return Source.fromGraph(
    new KafkaSourceStage(
      name,
      settings,
      own(name, settings as ConsumerSettings<unknown, unknown>, sub, commits),
      element,
    ),
  );
}

/**
 * The Kafka consumer sources, with Alpakka's names. Each materializes a {@link Control}; each holds
 * at most one fetch per partition and pauses every partition nobody has demand for.
 */
const single = {
  /**
   * Records without offset handling (store offsets yourself, or commit nothing).
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures (its partitions are paused).
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels (the consumer closes after `stopTimeout`).
   * @throws TypeError without bootstrap servers, or without a group id for a topic subscription.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * Consumer.plainSource(settings, Subscriptions.topics('events')).runForeach((r) => {
   *   console.log(r.topic, r.partition, r.offset, r.value);
   * });
   * ```
   */
  plainSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
  ): Source<ConsumerRecord<K, V>, Control> {
    return source('plainSource', settings, subscription, false, (record) => record);
  },

  /**
   * Records with the offset to commit once processed: the at-least-once workhorse. Commit through
   * `Committer.sink` or `Producer.committableSink`.
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures (its partitions are paused).
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Committer, CommitterSettings, Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * Consumer.committableSource(settings, Subscriptions.topics('orders'))
   *   .map((msg) => msg.committableOffset)
   *   .runWith(Committer.sink(CommitterSettings.create()));
   * ```
   */
  committableSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
  ): Source<CommittableMessage<K, V>, Control> {
    return source('committableSource', settings, subscription, true, committable<K, V>(undefined));
  },

  /**
   * Like `committableSource`, with a metadata string per record committed with its offset.
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * const source = Consumer.commitWithMetadataSource(settings, Subscriptions.topics('orders'), (r) =>
   *   String(r.timestamp),
   * );
   * ```
   */
  commitWithMetadataSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
    metadataFromRecord: (record: ConsumerRecord<K, V>) => string,
  ): Source<CommittableMessage<K, V>, Control> {
    return source(
      'commitWithMetadataSource',
      settings,
      subscription,
      true,
      committable(metadataFromRecord),
    );
  },

  /**
   * Records with their committable offset as the stream's context, for `Producer.flowWithContext`
   * and `Committer.sinkWithOffsetContext`.
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * const source = Consumer.sourceWithOffsetContext(settings, Subscriptions.topics('orders'))
   *   .map((record) => record.value.length);
   * ```
   */
  sourceWithOffsetContext<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
    metadataFromRecord?: (record: ConsumerRecord<K, V>) => string,
  ): SourceWithContext<ConsumerRecord<K, V>, CommittableOffset, Control> {
    const tuples = source(
      'sourceWithOffsetContext',
      settings,
      subscription,
      true,
      committable(metadataFromRecord),
    ).map((m): readonly [ConsumerRecord<K, V>, CommittableOffset] => [
      m.record,
      m.committableOffset,
    ]);
    return SourceWithContext.fromTuples(tuples);
  },

  /**
   * Records whose offsets are committed before they are emitted, one commit per record: a record
   * is never processed twice, but may be lost in a crash. Slow: one round-trip per record.
   * - Emits when: the record's offset is committed and downstream pulls.
   * - Backpressures when: downstream backpressures, or a commit is in flight.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * const source = Consumer.atMostOnceSource(settings, Subscriptions.topics('alerts'));
   * ```
   */
  atMostOnceSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
  ): Source<ConsumerRecord<K, V>, Control> {
    return source(
      'atMostOnceSource',
      settings,
      subscription,
      true,
      committable<K, V>(undefined),
    ).mapAsync(1, (m) => m.committableOffset.commitOffset().then(() => m.record));
  },
  /**
   * Records of some of a shared consumer's partitions (see {@link KafkaConsumerActor}).
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures (its partitions are paused).
   * - Completes when: the control's `stop` is called; `shutdown` does not close the shared consumer.
   * - Cancels when: downstream cancels.
   * @throws TypeError for a partition the actor does not read.
   * @example
   * ```ts
   * import { Consumer, KafkaConsumerActor, Subscriptions } from 'sluice/kafka';
   *
   * declare const actor: KafkaConsumerActor<string, string>;
   * const source = Consumer.plainExternalSource(actor, Subscriptions.assignment({ topic: 'orders', partition: 0 }));
   * ```
   */
  plainExternalSource<K, V>(
    actor: KafkaConsumerActor<K, V>,
    subscription: ManualSubscription,
  ): Source<ConsumerRecord<K, V>, Control> {
    return external('plainExternalSource', actor, subscription, (record) => record);
  },

  /**
   * Committable records of some of a shared consumer's partitions; the actor's settings need a
   * group id.
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError for a partition the actor does not read, or without a group id.
   */
  committableExternalSource<K, V>(
    actor: KafkaConsumerActor<K, V>,
    subscription: ManualSubscription,
  ): Source<CommittableMessage<K, V>, Control> {
    actor.settings.requireGroupId(
      'committableExternalSource',
      'committing offsets needs a consumer group',
    );
    return external('committableExternalSource', actor, subscription, committable<K, V>(undefined));
  },
} as const;

/**
 * The Kafka consumer sources, with Alpakka's names. Each materializes a {@link Control}; each holds
 * at most one fetch per partition and pauses every partition nobody has demand for.
 */
export const Consumer = { ...single, ...partitionedFactories } as const;

function external<K, V, T>(
  name: string,
  actor: KafkaConsumerActor<K, V>,
  subscription: ManualSubscription,
  element: ElementFactory<K, V, T>,
): Source<T, Control> {
  actor.requireSubset(name, subscription);
  const driver = (): ConsumerDriver => {
    actor.driver.start().catch(() => undefined); // failures reach the stages through the driver
    return actor.driver;
  };
  return Source.fromGraph(
    new KafkaSourceStage(
      name,
      actor.settings,
      { driver, owned: false, partitions: subscription.partitions },
      element,
    ),
  );
}

import { ConsumerDriver } from './consumer/ConsumerDriver.js';
import type { ConsumerSettings } from './settings/ConsumerSettings.js';
import type { ManualSubscription } from './Subscriptions.js';
import { tpKey } from './TopicPartition.js';

/**
 * One kafkajs consumer shared by several streams (Alpakka's `KafkaConsumerActor`): create it with
 * every partition it reads, attach `Consumer.plainExternalSource` / `committableExternalSource`
 * streams to subsets of them, and `stop()` it when they are done. Each partition is paused
 * until the stream reading it has demand, as with the other sources.
 *
 * @example
 * ```ts
 * import { Consumer, ConsumerSettings, KafkaConsumerActor, Subscriptions } from 'sluice/kafka';
 *
 * declare const settings: ConsumerSettings<string, string>;
 * const p0 = { topic: 'orders', partition: 0 };
 * const p1 = { topic: 'orders', partition: 1 };
 * const actor = KafkaConsumerActor.create(settings, Subscriptions.assignment(p0, p1));
 * const first = Consumer.plainExternalSource(actor, Subscriptions.assignment(p0));
 * const second = Consumer.plainExternalSource(actor, Subscriptions.assignment(p1));
 * ```
 */
export class KafkaConsumerActor<K, V> {
  /** @internal */
  readonly driver: ConsumerDriver;

  private constructor(
    readonly settings: ConsumerSettings<K, V>,
    readonly subscription: ManualSubscription,
  ) {
    this.driver = new ConsumerDriver(
      'KafkaConsumerActor',
      settings,
      subscription,
      settings.groupId !== undefined,
    );
  }

  /**
   * A shared consumer of the partitions; it connects when the first stream starts.
   * @throws TypeError without bootstrap servers.
   */
  static create<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: ManualSubscription,
  ): KafkaConsumerActor<K, V> {
    return new KafkaConsumerActor(settings, subscription);
  }

  /** Commits what its streams' committers hold, then closes the consumer. */
  stop(): Promise<void> {
    return this.driver.shutdown(0);
  }

  /**
   * @internal Checks that a stream's partitions are this consumer's.
   * @throws TypeError naming the first partition it does not read.
   */
  requireSubset(name: string, sub: ManualSubscription): void {
    const own = new Set(this.subscription.partitions.map((tp) => tpKey(tp.topic, tp.partition)));
    for (const tp of sub.partitions) {
      if (!own.has(tpKey(tp.topic, tp.partition))) {
        throw new TypeError(
          `${name}: partition ${tp.topic}/${tp.partition} is not read by this KafkaConsumerActor`,
        );
      }
    }
    if (sub.offsets !== undefined || sub.timestamps !== undefined) {
      throw new TypeError(
        `${name}: seek with the KafkaConsumerActor's own subscription, not an external source's`,
      );
    }
  }
}

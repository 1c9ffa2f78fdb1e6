import { logLevel, type ConsumerConfig, type KafkaConfig } from 'kafkajs';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { Subscription } from '../Subscriptions.js';
import { joinGateSocketFactory, type JoinGateHooks } from './joinGate.js';
import { manualAssigner } from './manualAssigner.js';

/** The consumer properties that belong to the kafkajs client rather than the consumer. */
const CLIENT_KEYS: readonly string[] = [
  'ssl',
  'sasl',
  'connectionTimeout',
  'authenticationTimeout',
  'reauthenticationThreshold',
  'requestTimeout',
  'enforceRequestTimeout',
  'retry',
  'logLevel',
  'logCreator',
];

/**
 * @internal The kafkajs client and consumer configuration of a driver: the properties split
 * between the two, Kafka's names translated, the JoinGroup gate installed, and for a manual
 * subscription the assigner that hands this member exactly its partitions.
 */
export function kafkajsConfig(
  name: string,
  settings: ConsumerSettings<unknown, unknown>,
  subscription: Subscription,
  groupId: string,
  hooks: JoinGateHooks,
): { client: KafkaConfig; consumer: ConsumerConfig } {
  const { autoOffsetReset: _reset, isolationLevel, ...options } = settings.properties;
  const clientPart: Record<string, unknown> = {};
  const consumerPart: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (CLIENT_KEYS.includes(k)) clientPart[k] = v;
    else consumerPart[k] = v;
  }
  // `retry` is both a client and a consumer option in kafkajs; both get it.
  if ('retry' in clientPart) consumerPart['retry'] = clientPart['retry'];
  const client: KafkaConfig = {
    logLevel: logLevel.WARN,
    ...(clientPart as Partial<KafkaConfig>),
    brokers: settings.requireBootstrapServers(name),
    clientId: settings.clientId,
    socketFactory: joinGateSocketFactory(hooks),
  };
  const consumer: ConsumerConfig = {
    maxWaitTimeInMs: settings.pollTimeout,
    ...(consumerPart as Partial<ConsumerConfig>),
    groupId,
    readUncommitted: isolationLevel !== 'read_committed',
  };
  if (subscription.kind === 'manual') {
    const wanted = new Map<string, number[]>();
    for (const tp of subscription.partitions) {
      let list = wanted.get(tp.topic);
      if (list === undefined) wanted.set(tp.topic, (list = []));
      list.push(tp.partition);
    }
    consumer.partitionAssigners = [manualAssigner(() => wanted)];
  }
  return { client, consumer };
}

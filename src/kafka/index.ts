export { Producer } from './Producer.js';
export {
  Message,
  MultiMessage,
  MultiResult,
  PassThroughMessage,
  PassThroughResult,
  ProducerMessage,
  Result,
  type Envelope,
  type MultiResultPart,
  type ProducerRecord,
  type RecordMetadata,
  type Results,
} from './ProducerMessage.js';
export { KafkaProducerError, ProducerFencedError } from './producer/KafkaProducerError.js';
export { Serializers, type Serializer } from './Serializers.js';
export {
  ProducerSettings,
  type KafkaClientOptions,
  type ProducerClientOptions,
  type ProducerSettingsOptions,
} from './settings/ProducerSettings.js';
export { Transactional, type TransactionalOffset } from './Transactional.js';
export type { CommittedMarker } from './transactional/CommittedMarker.js';
export { TransactionalControl } from './transactional/TransactionalControl.js';
export type {
  PartitionRef,
  PartitionSource,
} from './transactional/TransactionalPartitionedSourceStage.js';
export type {
  RecordDeserializer,
  TransactionalSourceSettings,
  TransactionalSubscription,
} from './transactional/TransactionalSourceSettings.js';
export type { TransactionalMessage } from './transactional/transactionalConsumer.js';
export {
  CommittableOffsetBatch,
  type Committable,
  type CommittableMessage,
  type CommittableOffset,
  type ConsumerRecord,
  type GroupTopicPartition,
  type PartitionOffset,
  type RecordHeaders,
} from './ConsumerMessage.js';
export { Deserializers, type Deserializer } from './Deserializers.js';
export {
  CommitFailedError,
  KafkaConnectionFailedError,
  KafkaConsumerError,
  KafkaRecordError,
} from './errors.js';
export {
  ConnectionCheckerSettings,
  type ConnectionCheckerOptions,
} from './settings/ConnectionCheckerSettings.js';
export {
  CommitterSettings,
  type CommitDelivery,
  type CommitWhen,
  type CommitterSettingsOptions,
} from './settings/CommitterSettings.js';
export {
  ConsumerSettings,
  type ConsumerProperties,
  type ConsumerSettingsOptions,
  type PoisonRecordHandling,
} from './settings/ConsumerSettings.js';
export { formatTopicPartition, type TopicPartition } from './TopicPartition.js';
export { Committer } from './Committer.js';
export { Consumer } from './Consumer.js';
export type { Control, ConsumerMetrics } from './consumer/ConsumerControl.js';
export type { PartitionMetrics } from './consumer/PartitionMetrics.js';
export { DrainingControl } from './DrainingControl.js';
export {
  Subscriptions,
  type AutoSubscription,
  type ManualSubscription,
  type RebalanceListener,
  type Subscription,
} from './Subscriptions.js';
export type { TopicPartitionOffset } from './consumer/PartitionedSourceStage.js';
export { KafkaConsumerActor } from './KafkaConsumerActor.js';

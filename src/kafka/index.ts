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
  RecordDeserializer,
  TransactionalSourceSettings,
  TransactionalSubscription,
} from './transactional/TransactionalSourceSettings.js';
export type {
  TransactionalMessage,
  TransactionalRecord,
} from './transactional/TransactionalSourceStage.js';

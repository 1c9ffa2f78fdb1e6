export { EmbeddedKafka, type EmbeddedKafkaOptions } from './EmbeddedKafka.js';
export type { KafkaRecord, RecordHeader } from './protocol/recordBatch.js';
export { ErrorCode } from './errors.js';
export type { GroupCoordinatorOptions } from './groups/GroupCoordinator.js';
export type { StoredOffset } from './groups/OffsetStore.js';

export { EmbeddedKafka, type EmbeddedKafkaOptions } from './EmbeddedKafka.js';
export type { KafkaRecord, RecordHeader } from './protocol/recordBatch.js';
export { ErrorCode } from './errors.js';

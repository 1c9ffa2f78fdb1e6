export { EventSourcing } from './EventSourcing.js';
export type {
  Decision,
  EntitySettings,
  EventSourcingSettings,
  KeyedEventSourcingSettings,
} from './EventSourcingSettings.js';
export { InMemoryJournal } from './InMemoryJournal.js';
export {
  jsonSerializer,
  type EventEnvelope,
  type Journal,
  type PersistentEvent,
  type QueryOptions,
  type SelectedSnapshot,
  type Serializer,
} from './Journal.js';
export { JournalBase } from './JournalBase.js';
export { JournalDeserializationError } from './JournalDeserializationError.js';
export { RecoveryError } from './RecoveryError.js';
export { SequenceConflictError } from './SequenceConflictError.js';
export { SqliteJournal, type SqliteJournalSettings } from './SqliteJournal.js';
export { KafkaJournal } from './kafka/KafkaJournal.js';
export type { KafkaJournalSettings } from './kafka/KafkaJournalSettings.js';

import type { Serializer } from '../Journal.js';

/** Settings of {@link KafkaJournal.connect}. */
export interface KafkaJournalSettings {
  /** `host:port` of the bootstrap brokers. */
  readonly brokers: readonly string[];
  /** The journal topic; created with one partition and no retention when missing. */
  readonly topic: string;
  /** The kafkajs client id (default `sluice-journal`). */
  readonly clientId?: string;
  /** How events and snapshots are stored (default JSON). */
  readonly serializer?: Serializer;
  /** How long a read waits for records the broker reported (default 30,000 ms). */
  readonly readTimeoutMs?: number;
  /** Persistence ids whose scan positions are remembered (default 10,000). */
  readonly maxCachedIds?: number;
}

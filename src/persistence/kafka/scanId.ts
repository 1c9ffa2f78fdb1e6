import type { KafkaMessage } from 'kafkajs';
import { JournalDeserializationError } from '../JournalDeserializationError.js';
import { type Checkpoint, eventHeadersOf, isValid } from './JournalRecord.js';
import type { PartitionReader } from './PartitionReader.js';

const PageSize = 1000;

/** @internal Called for each valid event of the scanned id; returns `false` to stop after it. */
export type ValidEventVisitor = (message: KafkaMessage, sequenceNr: number) => boolean;

/**
 * @internal Reads the records of `persistenceId` from checkpoint `from` up to offset `end`
 * (exclusive), applies the first-writer-wins rule, and returns the checkpoint after the last record
 * read: the end, or the valid event where `visit` stopped.
 * @throws JournalDeserializationError when a record of the id has unreadable headers, naming the
 * sequence number it would hold.
 */
export async function scanId(
  reader: PartitionReader,
  persistenceId: string,
  from: Checkpoint,
  end: number,
  visit?: ValidEventVisitor,
): Promise<Checkpoint> {
  const key = Buffer.from(persistenceId);
  const at = { offset: from.offset, highest: from.highest, write: from.write };
  while (at.offset < end) {
    const page = await reader.read(at.offset, end, PageSize);
    if (page.length === 0) break;
    for (const message of page) {
      at.offset = Number(message.offset) + 1;
      // Comparing key bytes spares a string per record of other ids.
      if (message.key === null || !key.equals(message.key)) continue;
      let headers;
      try {
        headers = eventHeadersOf(message);
      } catch (cause) {
        throw new JournalDeserializationError(persistenceId, at.highest + 1, cause);
      }
      if (headers === undefined || !isValid(at, headers)) continue;
      at.highest = headers.seq;
      at.write = headers.write;
      if (visit !== undefined && !visit(message, headers.seq)) return at;
    }
  }
  return at;
}

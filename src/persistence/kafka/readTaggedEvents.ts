import type { KafkaMessage } from 'kafkajs';
import type { EventEnvelope } from '../Journal.js';
import { JournalDeserializationError } from '../JournalDeserializationError.js';
import type { Checkpoints } from './Checkpoints.js';
import { eventHeadersOf, isValid, logStart, persistenceIdOf, tagsOf } from './JournalRecord.js';
import type { PartitionReader } from './PartitionReader.js';
import { scanId } from './scanId.js';

const PageSize = 1000;

/**
 * @internal Reads up to `max` valid events tagged `tag` after envelope offset `afterOffset`. The
 * first tagged record of each id needs that id's state there, read from its nearest checkpoint;
 * from then on the scan keeps the id's state itself.
 */
export async function readTaggedEvents(
  reader: PartitionReader,
  checkpoints: Checkpoints,
  tag: string,
  afterOffset: number,
  max: number,
  envelope: (persistenceId: string, sequenceNr: number, message: KafkaMessage) => EventEnvelope,
): Promise<EventEnvelope[]> {
  const out: EventEnvelope[] = [];
  const { start, end } = await reader.bounds();
  // Envelope offsets are Kafka offsets plus one, so the first wanted record is at `afterOffset`.
  let offset = Math.max(afterOffset, start);
  const states = new Map<string, { highest: number; write: string }>();
  while (offset < end && out.length < max) {
    const page = await reader.read(offset, end, PageSize);
    if (page.length === 0) break;
    for (const message of page) {
      const at = Number(message.offset);
      offset = at + 1;
      const id = persistenceIdOf(message);
      if (id === undefined) continue;
      let state = states.get(id);
      let headers;
      try {
        headers = eventHeadersOf(message);
      } catch (cause) {
        throw new JournalDeserializationError(id, (state?.highest ?? 0) + 1, cause);
      }
      if (headers === undefined) continue;
      const isTagged = tagsOf(message).includes(tag);
      if (state === undefined) {
        if (!isTagged) continue;
        const from = checkpoints.best(id, Number.MAX_SAFE_INTEGER, at, logStart(start));
        const before = await scanId(reader, id, from, at);
        state = { highest: before.highest, write: before.write };
        states.set(id, state);
      }
      if (!isValid(state, headers)) continue;
      state.highest = headers.seq;
      state.write = headers.write;
      if (isTagged) {
        out.push(envelope(id, headers.seq, message));
        if (out.length >= max) return out;
      }
    }
  }
  return out;
}

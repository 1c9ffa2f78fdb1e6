import type { KafkaMessage } from 'kafkajs';
import { type SnapshotPointer, snapshotHeadersOf, snapshotPointerOf } from './JournalRecord.js';
import type { PartitionReader } from './PartitionReader.js';

const PageSize = 1000;
const FirstWindow = 1024;
const MaxWindow = 65_536;

/**
 * @internal What a search for an id's latest snapshot found: its record; `none` when the id has
 * no snapshot; `absent` when the log holds no record of the id at all (so its tail is the end).
 */
export type SnapshotSearch =
  | { readonly kind: 'found'; readonly record: KafkaMessage }
  | { readonly kind: 'none' }
  | { readonly kind: 'absent' };

/**
 * @internal Reads back from `end` in windows (1,024 records, doubling to 65,536) until one holds a
 * snapshot of `persistenceId` or the last record of one of its writes, whose pointer says where the
 * latest snapshot is; takes the newer of the two. Without either it reads back to `start`.
 */
export async function findSnapshot(
  reader: PartitionReader,
  persistenceId: string,
  start: number,
  end: number,
): Promise<SnapshotSearch> {
  const key = Buffer.from(persistenceId);
  let seen = false;
  let window = FirstWindow;
  for (let to = end; to > start; to -= window, window = Math.min(2 * window, MaxWindow)) {
    const from = Math.max(start, to - window);
    let snapshot: KafkaMessage | undefined;
    let pointer: SnapshotPointer | null | undefined;
    for (let at = from; at < to;) {
      const page = await reader.read(at, to, PageSize);
      for (const m of page) {
        if (m.key === null || !key.equals(m.key)) continue;
        seen = true;
        if (snapshotHeadersOf(m) !== undefined) {
          snapshot = m;
          continue;
        }
        const carried = snapshotPointerOf(m);
        if (carried !== undefined) pointer = carried;
      }
      at += page.length;
    }
    if (pointer != null) {
      const seq = snapshot === undefined ? 0 : (snapshotHeadersOf(snapshot)?.sequenceNr ?? 0);
      if (pointer.sequenceNr > seq) {
        const target = await snapshotAt(reader, key, pointer);
        if (target !== undefined) return { kind: 'found', record: target };
      }
    }
    if (snapshot !== undefined) return { kind: 'found', record: snapshot };
    if (pointer === null) return { kind: 'none' };
  }
  return seen ? { kind: 'none' } : { kind: 'absent' };
}

// The snapshot record a pointer names, if the record there is that snapshot of the id.
async function snapshotAt(
  reader: PartitionReader,
  key: Buffer,
  pointer: SnapshotPointer,
): Promise<KafkaMessage | undefined> {
  const [record] = await reader.read(pointer.offset, pointer.offset + 1, 1);
  if (record?.key == null || !key.equals(record.key)) return undefined;
  return snapshotHeadersOf(record)?.sequenceNr === pointer.sequenceNr ? record : undefined;
}

/**
 * Committed group offsets and group metadata on disk, for a cluster with a `dataDir`:
 * `__consumer_offsets.log` holds one JSON line per committed partition offset, one per group
 * metadata snapshot (as Kafka's `__consumer_offsets` holds both) and a tombstone line per deleted
 * group, appended in order, so replaying it front to back rebuilds the coordinator's state.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { StoredOffset } from './OffsetStore.js';
import { decodeSnapshot, encodeSnapshot, type GroupSnapshot } from './GroupSnapshot.js';

/** The journal's file name inside the data directory. */
export const OFFSET_JOURNAL_FILE = '__consumer_offsets.log';

/** One change read back from the journal, in the order it was written. */
export type OffsetChange =
  | { readonly kind: 'commit'; readonly groupId: string; readonly offset: StoredOffset }
  | { readonly kind: 'group'; readonly groupId: string; readonly snapshot: GroupSnapshot }
  | { readonly kind: 'delete'; readonly groupId: string };

export class OffsetJournal {
  constructor(readonly path: string) {}

  /** The journal of the data directory `dir`. */
  static in(dir: string): OffsetJournal {
    return new OffsetJournal(join(dir, OFFSET_JOURNAL_FILE));
  }

  /**
   * Every change in the file, oldest first. A last line without its newline was cut short by a
   * crash: it is skipped and cut off the file, or the next append would be glued onto it and be
   * lost too. Lines that do not parse are skipped rather than stopping the broker from starting.
   */
  read(): OffsetChange[] {
    if (!existsSync(this.path)) return [];
    const data = readFileSync(this.path);
    const end = data.lastIndexOf(0x0a) + 1;
    if (end < data.length) {
      const fd = openSync(this.path, 'r+');
      try {
        ftruncateSync(fd, end);
      } finally {
        closeSync(fd);
      }
    }
    const changes: OffsetChange[] = [];
    for (const line of data.subarray(0, end).toString('utf8').split('\n')) {
      const change = line === '' ? undefined : parseLine(line);
      if (change !== undefined) changes.push(change);
    }
    return changes;
  }

  /** Appends `offsets` as committed by `groupId`. */
  commit(groupId: string, offsets: readonly StoredOffset[]): void {
    if (offsets.length === 0) return;
    const lines = offsets.map(({ topic, partition, offset, leaderEpoch, metadata }) =>
      JSON.stringify({
        group: groupId,
        topic,
        partition,
        // A string, since JSON numbers lose precision past 2^53.
        offset: offset.toString(),
        leaderEpoch,
        metadata,
      }),
    );
    this.append(lines);
  }

  /** Appends `snapshot`, which replaces every earlier snapshot of its group. */
  storeGroup(snapshot: GroupSnapshot): void {
    this.append([encodeSnapshot(snapshot)]);
  }

  /** Appends a tombstone: `groupId`, its metadata and all its offsets are gone. */
  deleteGroup(groupId: string): void {
    this.append([JSON.stringify({ group: groupId, deleted: true })]);
  }

  /**
   * One synchronous append per change: the change is on disk before its response is sent, and a
   * clean stop has nothing left to flush. Opening the file per write keeps no descriptor that a
   * coordinator created after the cluster stopped could leak.
   */
  private append(lines: readonly string[]): void {
    appendFileSync(this.path, lines.map((l) => `${l}\n`).join(''));
  }
}

function parseLine(line: string): OffsetChange | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const groupId = v['group'];
  if (typeof groupId !== 'string') return undefined;
  if (v['deleted'] === true) return { kind: 'delete', groupId };
  if ('metadata' in v && !('topic' in v)) {
    const snapshot = decodeSnapshot(groupId, v['metadata']);
    return snapshot === undefined ? undefined : { kind: 'group', groupId, snapshot };
  }
  const { topic, partition, offset, leaderEpoch, metadata } = v;
  if (
    typeof topic !== 'string' ||
    typeof partition !== 'number' ||
    typeof offset !== 'string' ||
    !/^-?\d+$/.test(offset) ||
    typeof leaderEpoch !== 'number' ||
    (typeof metadata !== 'string' && metadata !== null)
  ) {
    return undefined;
  }
  return {
    kind: 'commit',
    groupId,
    offset: { topic, partition, offset: BigInt(offset), leaderEpoch, metadata },
  };
}

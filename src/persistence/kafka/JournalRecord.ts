import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Header names of the journal's records. */
export const Header = {
  /** `<seq> <first> <write>`: one header, since kafkajs encodes and decodes each one separately. */
  event: 'sluice-event',
  tag: 'sluice-tag',
  snapshot: 'sluice-snapshot',
  from: 'sluice-from',
  fromHighest: 'sluice-from-highest',
  fromWrite: 'sluice-from-write',
  latestSnapshot: 'sluice-latest-snapshot',
} as const;

/**
 * @internal Where the id's latest snapshot is, as its writer knew it: the snapshot record's offset
 * and sequence number, or `null` for "no snapshot". Carried by the last record of each write, so
 * a recovery reading back from the end stops at the id's last write instead of the log start.
 */
export interface SnapshotPointer {
  readonly offset: number;
  readonly sequenceNr: number;
}

/** @internal The header value of a snapshot pointer: `offset:sequenceNr`, or empty for none. */
export const pointerText = (pointer: SnapshotPointer | null): string =>
  pointer === null ? '' : `${String(pointer.offset)}:${String(pointer.sequenceNr)}`;

/**
 * @internal The snapshot pointer a record carries: `undefined` when it carries none (a record
 * written without one, or not the last of its write), `null` for "no snapshot".
 */
export function snapshotPointerOf(message: KafkaMessage): SnapshotPointer | null | undefined {
  const value = text(message.headers, Header.latestSnapshot);
  if (value === undefined) return undefined;
  if (value === '') return null;
  const colon = value.indexOf(':');
  const offset = Number(value.slice(0, colon));
  const sequenceNr = Number(value.slice(colon + 1));
  return colon > 0 && Number.isSafeInteger(offset) && Number.isSafeInteger(sequenceNr)
    ? { offset, sequenceNr }
    : undefined;
}

/**
 * @internal Where a scan of one persistence id can start: at `offset`, where the id's valid events
 * run up to `highest`, the last of them written by write `write` ('' at a write boundary).
 */
export interface Checkpoint {
  readonly offset: number;
  readonly highest: number;
  readonly write: string;
}

/** @internal The start of the log: nothing valid yet. */
export const logStart = (offset: number): Checkpoint => ({ offset, highest: 0, write: '' });

const text = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined ? undefined : one.toString();
};

/** @internal The tags a record carries. */
export function tagsOf(message: KafkaMessage): string[] {
  const value = message.headers?.[Header.tag];
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map((v) => v.toString()) : [value.toString()];
}

/** @internal The record's persistence id (its key), or `undefined` for a record without one. */
export function persistenceIdOf(message: KafkaMessage): string | undefined {
  return message.key === null ? undefined : message.key.toString();
}

/** @internal An event record's sequence number, first sequence number of its write and write id. */
export interface EventHeaders {
  readonly seq: number;
  readonly first: number;
  readonly write: string;
}

/**
 * @internal Reads an event record's headers; `undefined` for a snapshot record.
 * @throws Error when an event record lacks them or they are not numbers.
 */
export function eventHeadersOf(message: KafkaMessage): EventHeaders | undefined {
  if (message.headers?.[Header.snapshot] !== undefined) return undefined;
  const value = text(message.headers, Header.event) ?? '';
  const a = value.indexOf(' ');
  const b = value.indexOf(' ', a + 1);
  const seq = Number(value.slice(0, a));
  const first = Number(value.slice(a + 1, b));
  if (a <= 0 || b <= a + 1 || !Number.isSafeInteger(seq) || !Number.isSafeInteger(first)) {
    throw new Error(`record at offset ${message.offset} has no valid ${Header.event} header`);
  }
  return { seq, first, write: value.slice(b + 1) };
}

/** @internal A snapshot record's sequence number and the checkpoint to replay from. */
export interface SnapshotHeaders {
  readonly sequenceNr: number;
  readonly checkpoint: Checkpoint;
}

/** @internal Reads a snapshot record's headers; `undefined` for an event record. */
export function snapshotHeadersOf(message: KafkaMessage): SnapshotHeaders | undefined {
  const seq = text(message.headers, Header.snapshot);
  if (seq === undefined) return undefined;
  return {
    sequenceNr: Number(seq),
    checkpoint: {
      offset: Number(text(message.headers, Header.from)),
      highest: Number(text(message.headers, Header.fromHighest)),
      write: text(message.headers, Header.fromWrite) ?? '',
    },
  };
}

/** @internal The record of one event of a write. */
export function eventMessage(
  persistenceId: string,
  seq: number,
  first: number,
  write: string,
  value: string,
  tags: readonly string[],
): Message {
  const headers: IHeaders = { [Header.event]: `${String(seq)} ${String(first)} ${write}` };
  if (tags.length > 0) headers[Header.tag] = [...tags];
  return { key: persistenceId, value, headers };
}

/** @internal The record of a snapshot taken after event `sequenceNr`. */
export function snapshotMessage(
  persistenceId: string,
  sequenceNr: number,
  from: Checkpoint,
  value: string,
): Message {
  return {
    key: persistenceId,
    value,
    headers: {
      [Header.snapshot]: String(sequenceNr),
      [Header.from]: String(from.offset),
      [Header.fromHighest]: String(from.highest),
      [Header.fromWrite]: from.write,
    },
  };
}

/**
 * @internal The first-writer-wins rule every reader applies: an event record is valid when it holds
 * the id's next sequence number and either starts its write or continues the write of the valid
 * record before it. A write is one record batch, so it is valid whole or not at all.
 */
export function isValid(
  at: { readonly highest: number; readonly write: string },
  event: EventHeaders,
): boolean {
  return event.seq === at.highest + 1 && (event.seq === event.first || event.write === at.write);
}

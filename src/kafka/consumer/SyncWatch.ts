import type net from 'node:net';
import { ResponseHeads } from './responseHeads.js';

/** @internal */ export const JOIN_GROUP_API_KEY = 11;
/** @internal */ export const SYNC_GROUP_API_KEY = 14;

/** A JoinGroup or SyncGroup request whose answer a connection waits for. */
interface Awaited {
  readonly apiKey: number;
  readonly version: number;
}

/** One connection's side of a {@link SyncWatch}. */
export interface WatchedConnection {
  /** A JoinGroup or SyncGroup request frame is being written on this connection. */
  written(frame: Buffer): void;
}

/**
 * @internal Follows one kafkajs client's group membership from the wire: whether the last
 * JoinGroup was answered and its SyncGroup not yet (half joined), and whether a connection
 * closed meanwhile (stale). kafkajs gives a join up on a connection error without rejoining, so
 * a stale member holds the new generation, which the coordinator accepts in heartbeats, while it
 * fetches and commits with the old generation's assignment and offsets.
 */
export class SyncWatch {
  private halfJoined = false;
  /** Half joined when a connection closed: kafkajs gave the join up and must rejoin. */
  stale = false;

  constructor(private readonly onJoined: () => void) {}

  /** Starts reading the answers on `socket`. */
  connection(socket: net.Socket): WatchedConnection {
    const awaited = new Map<number, Awaited>();
    const heads = new ResponseHeads((head) => {
      this.answered(awaited, head);
    });
    socket.on('data', (chunk: Buffer) => {
      heads.push(chunk);
    });
    socket.on('close', () => {
      awaited.clear();
      if (this.halfJoined) this.stale = true;
    });
    return {
      written: (frame) => {
        const apiKey = frame.readInt16BE(4);
        // kafkajs rejoins: whatever made the member stale is being repaired.
        if (apiKey === JOIN_GROUP_API_KEY) this.stale = false;
        awaited.set(frame.readInt32BE(8), { apiKey, version: frame.readInt16BE(6) });
      },
    };
  }

  private answered(awaited: Map<number, Awaited>, head: Buffer): void {
    const correlationId = head.readInt32BE(4);
    const request = awaited.get(correlationId);
    if (request === undefined) return;
    awaited.delete(correlationId);
    // JoinGroup v2+ and SyncGroup v1+ put the throttle time before the error code.
    const throttled =
      request.apiKey === JOIN_GROUP_API_KEY ? request.version >= 2 : request.version >= 1;
    const at = throttled ? 12 : 8;
    if (head.length < at + 2 || head.readInt16BE(at) !== 0) return;
    if (request.apiKey === JOIN_GROUP_API_KEY) {
      this.halfJoined = true;
      this.onJoined();
    } else if (request.apiKey === SYNC_GROUP_API_KEY) {
      this.halfJoined = false;
      this.stale = false;
    }
  }
}

import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';
import { JOIN_GROUP_API_KEY, SYNC_GROUP_API_KEY, SyncWatch } from './SyncWatch.js';

const HEARTBEAT_API_KEY = 12;
const LEAVE_GROUP_API_KEY = 13;

/**
 * Whether a JoinGroup request frame (size prefix included) carries a member id. kafkajs forgets
 * its member id when the coordinator answers UNKNOWN_MEMBER_ID (the session timed out, or the
 * member was removed), and rejoins as a new member: its partitions were lost, not revoked. Header
 * v1 (api key, version, correlation id, client id), then group id, session timeout, rebalance
 * timeout (v1+), member id; kafkajs sends JoinGroup v0–v5, none of them flexible.
 */
export function joinHasMemberId(frame: Buffer): boolean {
  const version = frame.readInt16BE(6);
  let at = 12;
  const skipString = (): void => {
    const length = frame.readInt16BE(at);
    at += 2 + Math.max(length, 0);
  };
  try {
    skipString(); // client id
    skipString(); // group id
    at += version >= 1 ? 8 : 4;
    return frame.readInt16BE(at) > 0;
  } catch {
    return true; // not a frame we can read: treat the rejoin as an ordinary rebalance
  }
}

/** What the gate tells its consumer driver. */
export interface JoinGateHooks {
  /** Runs before a JoinGroup is written; told whether it carries a member id. */
  beforeJoin(hasMemberId: boolean): Promise<void>;
  /** A JoinGroup was answered without error: kafkajs now holds the new generation. */
  onJoined?(): void;
  /** Runs before a LeaveGroup is written (kafkajs leaves when it stops, and when it crashes). */
  beforeLeave?(): Promise<void>;
}

/**
 * A kafkajs socket factory that holds back every JoinGroup request until `beforeJoin()` settles;
 * `beforeJoin` is told whether the request carries a member id (see {@link joinHasMemberId}).
 *
 * kafkajs has no revoke callback that runs before a rebalance completes: its REBALANCING event is
 * emitted and then, without waiting, it rejoins. A JoinGroup written to the coordinator is the
 * moment this member agrees to give its partitions up; the group cannot finish the rebalance, and
 * no other member can get the partitions, until it arrives. Holding that one frame gives the
 * consumer driver a true "before revoke" point, in which commits still use the current
 * generation (Kafka accepts them while the group is preparing the rebalance).
 *
 * The gate also reads the answers to JoinGroup and SyncGroup (see {@link SyncWatch}): kafkajs
 * gives a join up when a connection drops after its JoinGroup was answered but before its
 * SyncGroup was, and goes on in the new generation with the old assignment, heartbeating
 * happily and never rejoining. The gate then sends its next heartbeat with generation -1, which
 * the coordinator refuses with ILLEGAL_GENERATION: kafkajs's own answer to that is to rejoin.
 *
 * A LeaveGroup is held the same way, until `beforeLeave()` settles: kafkajs leaves the group
 * when its consumer crashes (a dropped connection can make it), before it restarts, and the
 * member that comes back is a new one. Holding the frame lets the driver revoke its partitions
 * while the old generation's commits are still accepted.
 *
 * kafkajs writes each request as one buffer (size, api key, version, correlation id, ...) and
 * matches responses by correlation id, so a held request may be overtaken by later ones.
 */
export function joinGateSocketFactory(hooks: JoinGateHooks): ISocketFactory {
  const watch = new SyncWatch(() => hooks.onJoined?.());
  return ({ host, port, ssl, onConnect }) => {
    const socket =
      (ssl as unknown) !== undefined && (ssl as unknown) !== null && ssl !== (false as unknown)
        ? tls.connect(
            { host, port, ...(net.isIP(host) === 0 ? { servername: host } : {}), ...ssl },
            onConnect,
          )
        : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    const awaited = watch.connection(socket);
    const write = socket.write.bind(socket) as (chunk: Buffer, encoding: BufferEncoding) => boolean;
    const gated = (chunk: Buffer, encoding: BufferEncoding): boolean => {
      const apiKey = Buffer.isBuffer(chunk) && chunk.length >= 12 ? chunk.readInt16BE(4) : -1;
      if (apiKey === JOIN_GROUP_API_KEY) {
        const send = (): void => {
          if (socket.destroyed) return;
          awaited.written(chunk);
          write(chunk, encoding);
        };
        void hooks.beforeJoin(joinHasMemberId(chunk)).then(send, send);
        return true;
      }
      if (apiKey === LEAVE_GROUP_API_KEY && hooks.beforeLeave !== undefined) {
        const send = (): void => {
          if (!socket.destroyed) write(chunk, encoding);
        };
        void hooks.beforeLeave().then(send, send);
        return true;
      }
      if (apiKey === SYNC_GROUP_API_KEY) awaited.written(chunk);
      if (apiKey === HEARTBEAT_API_KEY && watch.stale) {
        return write(withGeneration(chunk, -1), encoding);
      }
      return write(chunk, encoding);
    };
    Object.defineProperty(socket, 'write', { value: gated, writable: true, configurable: true });
    return socket;
  };
}

/**
 * A copy of a Heartbeat request (v0–v3, none flexible) with its generation id replaced: header
 * v1 (api key, version, correlation id, client id), group id, then the generation.
 */
function withGeneration(frame: Buffer, generationId: number): Buffer {
  const copy = Buffer.from(frame);
  try {
    let at = 12;
    at += 2 + Math.max(copy.readInt16BE(at), 0); // client id
    at += 2 + Math.max(copy.readInt16BE(at), 0); // group id
    copy.writeInt32BE(generationId, at);
    return copy;
  } catch {
    return frame;
  }
}

import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

const JOIN_GROUP_API_KEY = 11;
const SYNC_GROUP_API_KEY = 14;

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

/**
 * A kafkajs socket factory that holds back every JoinGroup request until `beforeJoin()` settles;
 * `beforeJoin` is told whether the request carries a member id (see {@link joinHasMemberId}).
 * `onSync` runs as a SyncGroup request is written: the JoinGroup before it was answered.
 *
 * kafkajs has no revoke callback that runs before a rebalance completes: its REBALANCING event is
 * emitted and then, without waiting, it rejoins. A JoinGroup written to the coordinator is the
 * moment this member agrees to give its partitions up; the group cannot finish the rebalance, and
 * no other member can get the partitions, until it arrives. Holding that one frame gives the
 * consumer driver a true "before revoke" point, in which commits still use the current
 * generation (Kafka accepts them while the group is preparing the rebalance).
 *
 * kafkajs writes each request as one buffer (size, api key, version, correlation id, ...) and
 * matches responses by correlation id, so a held request may be overtaken by later ones.
 */
export function joinGateSocketFactory(
  beforeJoin: (hasMemberId: boolean) => Promise<void>,
  onSync: () => void = () => undefined,
): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const socket =
      (ssl as unknown) !== undefined && (ssl as unknown) !== null && ssl !== (false as unknown)
        ? tls.connect(
            { host, port, ...(net.isIP(host) === 0 ? { servername: host } : {}), ...ssl },
            onConnect,
          )
        : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    const write = socket.write.bind(socket) as (chunk: Buffer, encoding: BufferEncoding) => boolean;
    const gated = (chunk: Buffer, encoding: BufferEncoding): boolean => {
      if (
        Buffer.isBuffer(chunk) &&
        chunk.length >= 6 &&
        chunk.readInt16BE(4) === JOIN_GROUP_API_KEY
      ) {
        void beforeJoin(joinHasMemberId(chunk)).then(
          () => {
            if (!socket.destroyed) write(chunk, encoding);
          },
          () => {
            if (!socket.destroyed) write(chunk, encoding);
          },
        );
        return true;
      }
      if (
        Buffer.isBuffer(chunk) &&
        chunk.length >= 6 &&
        chunk.readInt16BE(4) === SYNC_GROUP_API_KEY
      ) {
        onSync();
      }
      return write(chunk, encoding);
    };
    Object.defineProperty(socket, 'write', { value: gated, writable: true, configurable: true });
    return socket;
  };
}

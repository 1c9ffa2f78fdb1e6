import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

const JOIN_GROUP_API_KEY = 11;

/**
 * A kafkajs socket factory that holds back every JoinGroup request until `beforeJoin()` settles.
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
export function joinGateSocketFactory(beforeJoin: () => Promise<void>): ISocketFactory {
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
        void beforeJoin().then(
          () => {
            if (!socket.destroyed) write(chunk, encoding);
          },
          () => {
            if (!socket.destroyed) write(chunk, encoding);
          },
        );
        return true;
      }
      return write(chunk, encoding);
    };
    Object.defineProperty(socket, 'write', { value: gated, writable: true, configurable: true });
    return socket;
  };
}

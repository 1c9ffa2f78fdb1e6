/**
 * One broker's TCP listener and its client connections. All listeners of a cluster share
 * the same {@link Cluster} state; each knows which {@link BrokerNode} it is, so handlers can
 * answer NOT_LEADER_OR_FOLLOWER or NOT_CONTROLLER like a real multi-broker cluster.
 */
import { createServer, type Server } from 'node:net';
import type { ApiRegistry } from './api/registry.js';
import type { BrokerNode, Cluster } from './Cluster.js';
import { Connection } from './connection.js';

let nextConnectionId = 1;

export class BrokerServer {
  private server: Server | undefined;
  private readonly connections = new Set<Connection>();

  constructor(
    readonly node: BrokerNode,
    private readonly cluster: Cluster,
    private readonly apis: ApiRegistry,
  ) {}

  /** Listens on the node's port (0 picks one, which is then kept for restarts). */
  async start(): Promise<void> {
    if (this.server !== undefined) return;
    const server = createServer((socket) => {
      const conn = new Connection(socket, nextConnectionId++, this.cluster, this.node, this.apis);
      this.connections.add(conn);
      socket.on('close', () => this.connections.delete(conn));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.node.port, this.node.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address !== null && typeof address === 'object') this.node.port = address.port;
    this.server = server;
    this.node.isUp = true;
  }

  /** Stops listening and closes every connection; the node leads nothing until restarted. */
  async stop(): Promise<void> {
    this.node.isUp = false;
    const server = this.server;
    this.server = undefined;
    this.dropConnections();
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  /** Closes every client connection; the listener stays up and clients may reconnect. */
  dropConnections(): void {
    for (const c of this.connections) c.destroy();
    this.connections.clear();
  }
}

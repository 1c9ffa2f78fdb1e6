import { describe, expect, it } from 'vitest';
import { EmbeddedKafka } from '../../../src/testkit/broker/index.js';
import {
  FetchRequest,
  FetchResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { RawClient } from './helpers/RawClient.js';

const ZERO = '00000000-0000-0000-0000-000000000000';

/** Resources that keep the event loop alive, by type (unref'd timers are not listed). */
function resources(): { servers: number; sockets: number; timers: number } {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return {
    servers: counts['TCPServerWrap'] ?? 0,
    sockets: counts['TCPSocketWrap'] ?? 0,
    timers: counts['Timeout'] ?? 0,
  };
}

describe('EmbeddedKafka lifecycle', () => {
  it('stop() closes every listener, connection and pending long poll', async () => {
    const before = resources();
    const kafka = await EmbeddedKafka.start({ brokers: 3, log: () => undefined });
    kafka.createTopic('t', 3);
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    const parked = client
      .request(1, 11, FetchRequest, FetchResponse, {
        clusterId: null,
        replicaId: -1,
        replicaState: { replicaId: -1, replicaEpoch: -1n },
        maxWaitMs: 600_000,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topic: 't',
            topicId: ZERO,
            partitions: [
              {
                partition: 0,
                currentLeaderEpoch: -1,
                fetchOffset: 0n,
                lastFetchedEpoch: -1,
                logStartOffset: -1n,
                partitionMaxBytes: 1 << 20,
                replicaDirectoryId: ZERO,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      })
      .catch((err: unknown) => err);
    kafka.cluster.transactions.initProducerId('tx', 60_000);
    expect(resources().servers).toBe(before.servers + 3);
    await kafka.stop();
    expect(await parked).toBeInstanceOf(Error);
    await client.whenClosed();
    const after = resources();
    expect([after.servers, after.sockets]).toEqual([before.servers, before.sockets]);
    // The runner's own timers come and go; the broker must not have added any.
    expect(after.timers).toBeLessThanOrEqual(before.timers);
    await kafka.stop(); // idempotent
  });

  it('refuses bad options with a RangeError naming the option', async () => {
    await expect(EmbeddedKafka.start({ brokers: 0 })).rejects.toThrow(
      /^EmbeddedKafka: brokers must be a positive integer, got 0$/,
    );
    await expect(EmbeddedKafka.start({ defaultPartitions: 1.5 })).rejects.toBeInstanceOf(
      RangeError,
    );
  });
});

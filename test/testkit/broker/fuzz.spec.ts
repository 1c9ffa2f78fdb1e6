import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/index.js';
import { EmbeddedKafka as Broker } from '../../../src/testkit/broker/index.js';
import { encodeMessage } from '../../../src/testkit/broker/protocol/codec.js';
import {
  requestHeaderVersion,
  writeRequestHeader,
} from '../../../src/testkit/broker/protocol/headers.js';
import {
  ApiVersionsRequest,
  ApiVersionsResponse,
  CreateTopicsRequest,
  FetchRequest,
  MetadataRequest,
  ProduceRequest,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { encodeBatch } from '../../../src/testkit/broker/protocol/recordBatch.js';
import type { MessageSchema } from '../../../src/testkit/broker/protocol/schema.js';
import { Writer } from '../../../src/testkit/broker/protocol/Writer.js';
import { loadApiRegistry } from '../../../src/testkit/broker/api/registry.js';
import { apiMessages } from '../../../src/testkit/broker/protocol/messages.generated.js';
import { RawClient } from './helpers/RawClient.js';
import { structArb } from './helpers/schemaArbitrary.js';

const ZERO = '00000000-0000-0000-0000-000000000000';

function frame<T>(apiKey: number, version: number, schema: MessageSchema<T>, body: T): Buffer {
  const w = new Writer();
  w.int32(0);
  writeRequestHeader(
    w,
    { requestApiKey: apiKey, requestApiVersion: version, correlationId: 99, clientId: 'fuzz' },
    requestHeaderVersion(schema.flexibleVersions, version),
  );
  encodeMessage(schema, w, version, body);
  w.patchInt32(0, w.length - 4);
  return Buffer.from(w.view());
}

/** Valid requests the mutations start from; each exercises a different handler. */
const seeds: Buffer[] = [
  frame(18, 3, ApiVersionsRequest, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' }),
  frame(3, 6, MetadataRequest, {
    topics: [{ name: 'fuzzed', topicId: ZERO }],
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  }),
  frame(0, 7, ProduceRequest, {
    transactionalId: null,
    acks: 1,
    timeoutMs: 100,
    topicData: [
      {
        name: 'fuzzed',
        partitionData: [
          {
            index: 0,
            records: encodeBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v') }] }),
          },
        ],
      },
    ],
  }),
  frame(1, 11, FetchRequest, {
    clusterId: null,
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1n },
    maxWaitMs: 10,
    minBytes: 1,
    maxBytes: 1 << 20,
    isolationLevel: 1,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: 'fuzzed',
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
  }),
  frame(19, 4, CreateTopicsRequest, {
    topics: [
      {
        name: 'made',
        numPartitions: 2,
        replicationFactor: 1,
        assignments: [],
        configs: [{ name: 'retention.ms', value: '1000' }],
      },
    ],
    timeoutMs: 100,
    validateOnly: false,
  }),
];

/** Sends `bytes`, then a valid ApiVersions frame, half-closes, and waits for the broker to close. */
function sendAndDrain(address: string, bytes: Buffer): Promise<void> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host, () => {
      socket.write(bytes);
      socket.end(seeds[0] ?? Buffer.alloc(0));
    });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      resolve();
    });
  });
}

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** Applies mutations to the body but keeps the size prefix consistent, so the body is parsed. */
function mutate(seed: Buffer, mutations: readonly Mutation[]): Buffer {
  let body = Buffer.from(seed.subarray(4));
  for (const m of mutations) {
    const at = body.length === 0 ? 0 : m.at % body.length;
    if (m.kind === 'flip') body[at] = m.value;
    else if (m.kind === 'truncate') body = body.subarray(0, at);
    else body = Buffer.concat([body.subarray(0, at), Buffer.from(m.bytes), body.subarray(at)]);
  }
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(body.length);
  return Buffer.concat([prefix, body]);
}

describe('broker under random and mutated frames', () => {
  let kafka: EmbeddedKafka;
  const logs: string[] = [];
  /** Every distinct log line shape, printed with FUZZ_LOGS=1 to review what the fuzzer hit. */
  const shapes = new Set<string>();

  beforeAll(async () => {
    kafka = await Broker.start({
      log: (line) => {
        logs.push(line);
        shapes.add(line.replace(/\d+/g, 'N'));
      },
    });
    kafka.createTopic('fuzzed', 1);
  });

  afterAll(async () => {
    if (process.env['FUZZ_LOGS'] !== undefined) {
      console.log([...shapes].sort().join('\n'));
    }
    await kafka.stop();
  });

  async function assertStillServing(): Promise<void> {
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    try {
      for (const version of [0, 3]) {
        const res = await client.request(18, version, ApiVersionsRequest, ApiVersionsResponse, {
          clientSoftwareName: 'check',
          clientSoftwareVersion: '1',
        });
        expect(res.errorCode).toBe(0);
        expect(res.apiKeys.map((k) => k.apiKey)).toContain(0);
      }
    } finally {
      client.close();
    }
  }

  it('survives random bytes, with or without a plausible size prefix', async () => {
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
      fc
        .tuple(fc.integer({ min: -5, max: 200 }), fc.uint8Array({ maxLength: 200 }))
        .map(([size, body]) => {
          const prefix = Buffer.alloc(4);
          prefix.writeInt32BE(size);
          return Buffer.concat([prefix, Buffer.from(body)]);
        }),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        await sendAndDrain(kafka.bootstrapServers[0] ?? '', bytes);
        await assertStillServing();
      }),
    );
  });

  it('survives mutated valid requests of every seeded API', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (seed, ms) => {
          await sendAndDrain(kafka.bootstrapServers[0] ?? '', mutate(seed, ms));
          await assertStillServing();
        },
      ),
    );
  });

  it('survives well-formed requests with random field values, for every API and version it advertises', async () => {
    const registry = await loadApiRegistry();
    const requests = registry
      .all()
      .flatMap((h) => {
        const schema = apiMessages.get(h.key)?.request;
        return schema === undefined ? [] : [{ h, schema }];
      })
      .map(({ h, schema }) =>
        fc
          .integer({ min: h.minVersion, max: h.maxVersion })
          .chain((v) =>
            structArb(schema.fields, v, false).map((body) => frame(h.key, v, schema, body)),
          ),
      );
    logs.length = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(...requests), async (bytes) => {
        await sendAndDrain(kafka.bootstrapServers[0] ?? '', bytes);
        await assertStillServing();
      }),
    );
    // Group APIs belong to the group coordinator's own specs; every other handler must
    // answer nonsense with error codes, never by throwing.
    const groupApis =
      /\b(OffsetCommit|OffsetFetch|FindCoordinator|JoinGroup|Heartbeat|LeaveGroup|SyncGroup|DescribeGroups|ListGroups|DeleteGroups) v\d/;
    const handlerBugs = logs.filter(
      (l) => /failed in its handler|cannot encode the response/.test(l) && !groupApis.test(l),
    );
    expect(handlerBugs).toEqual([]);
  });

  it('logs a malformed frame with API, version, correlation, peer and byte position, closing only that connection', async () => {
    logs.length = 0;
    const bystander = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    const bad = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    // Produce v7 header, correlation 17, client id "c", then a transactional id of length -3.
    const body = Buffer.from([0, 0, 0, 7, 0, 0, 0, 17, 0, 1, 0x63, 0xff, 0xfd]);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(body.length);
    bad.write(Buffer.concat([prefix, body]));
    await bad.whenClosed();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      /^broker: malformed Produce v7 request \(correlation 17\) from 127\.0\.0\.1:\d+ at byte 11: negative string length -3 for transactionalId$/,
    );
    const res = await bystander.request(18, 2, ApiVersionsRequest, ApiVersionsResponse, {
      clientSoftwareName: '',
      clientSoftwareVersion: '',
    });
    expect(res.errorCode).toBe(0);
    bystander.close();
  });

  it('answers a too-new ApiVersions in v0 form with UNSUPPORTED_VERSION and its own range', async () => {
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    const raw = frame(18, 9, ApiVersionsRequest, {
      clientSoftwareName: 'x',
      clientSoftwareVersion: 'y',
    });
    const res = await client.roundTrip(raw.subarray(4));
    // correlation id, then a v0 body: error 35 and [ApiVersions 0..3]
    expect(res.toString('hex')).toBe('00000063' + '0023' + '00000001' + '0012' + '0000' + '0003');
    client.close();
  });

  it('closes a connection whose frame exceeds socket.request.max.bytes', async () => {
    logs.length = 0;
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(100 * 1024 * 1024 + 1);
    client.write(prefix);
    await client.whenClosed();
    expect(logs[0]).toMatch(/frame size 104857601 is outside 0\.\.104857600/);
  });
});

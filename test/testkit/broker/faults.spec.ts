import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/testkit/broker/errors.js';
import {
  ApiVersionsRequest,
  ApiVersionsResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { kafkajs, onCleanup, startKafka } from './helpers/clients.js';
import { RawClient } from './helpers/RawClient.js';

describe('fault injection', () => {
  it('failNext answers the next requests of an API with an error; kafkajs retries through it', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('flaky', 1);
    const producer = kafkajs(kafka).producer();
    await producer.connect();
    onCleanup(() => producer.disconnect());
    kafka.failNext(0, ErrorCode.NOT_LEADER_OR_FOLLOWER, 2);
    const [res] = await producer.send({ topic: 'flaky', messages: [{ value: 'eventually' }] });
    expect(res?.errorCode).toBe(0);
    // Injected failures are answered without running the handler, so nothing was appended twice.
    expect(kafka.records('flaky', 0).map((r) => r.value?.toString())).toEqual(['eventually']);

    kafka.failNext(0, ErrorCode.MESSAGE_TOO_LARGE);
    await expect(
      producer.send({ topic: 'flaky', messages: [{ value: 'x' }] }),
    ).rejects.toMatchObject({
      type: 'MESSAGE_TOO_LARGE',
    });
    expect(kafka.records('flaky', 0)).toHaveLength(1);
  });

  it('delayResponses holds responses back and keeps them in order', async () => {
    const { kafka } = await startKafka();
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    onCleanup(() => {
      client.close();
      return Promise.resolve();
    });
    kafka.delayResponses(18, 30);
    const order: number[] = [];
    const req = { clientSoftwareName: 'a', clientSoftwareVersion: 'b' };
    await Promise.all(
      [0, 1, 2].map((i) =>
        client
          .request(18, i, ApiVersionsRequest, ApiVersionsResponse, req)
          .then(() => order.push(i)),
      ),
    );
    expect(order).toEqual([0, 1, 2]);
    kafka.delayResponses(18, 0);
  });

  it('dropConnections closes clients, which reconnect', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('drop', 1);
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    const producer = kafkajs(kafka).producer();
    await producer.connect();
    onCleanup(() => producer.disconnect());
    await producer.send({ topic: 'drop', messages: [{ value: '1' }] });
    kafka.dropConnections();
    await client.whenClosed();
    await producer.send({ topic: 'drop', messages: [{ value: '2' }] });
    expect(kafka.records('drop', 0)).toHaveLength(2);
  });

  it('dropAfterNext handles a request, then drops its connection: the client retries what took effect', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('lost-answer', 1);
    const producer = kafkajs(kafka).producer();
    await producer.connect();
    onCleanup(() => producer.disconnect());
    kafka.dropAfterNext(0);
    await producer.send({ topic: 'lost-answer', messages: [{ value: 'once' }] });
    // The first Produce was appended and its answer lost; kafkajs (not idempotent) sent it again.
    expect(kafka.records('lost-answer', 0).map((r) => r.value?.toString())).toEqual([
      'once',
      'once',
    ]);
    await producer.send({ topic: 'lost-answer', messages: [{ value: 'next' }] });
    expect(kafka.records('lost-answer', 0)).toHaveLength(3);
  });

  it('answers Produce with UNKNOWN_SERVER_ERROR when a handler throws, and logs it', async () => {
    const { kafka, logs } = await startKafka();
    kafka.createTopic('boom', 1);
    const p = kafka.cluster.partition('boom', 0)!;
    p.append = () => {
      throw new Error('disk on fire');
    };
    const producer = kafkajs(kafka, { retry: { retries: 0 } }).producer();
    await producer.connect();
    onCleanup(() => producer.disconnect());
    await expect(
      producer.send({ topic: 'boom', messages: [{ value: 'x' }] }),
    ).rejects.toMatchObject({
      type: 'UNKNOWN', // kafkajs's name for UNKNOWN_SERVER_ERROR (-1)
    });
    expect(
      logs.some((l) =>
        /Produce v7 request \(correlation \d+\) from .* failed in its handler: disk on fire/.test(
          l,
        ),
      ),
    ).toBe(true);
  });
});

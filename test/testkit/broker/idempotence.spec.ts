import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/testkit/broker/errors.js';
import {
  InitProducerIdRequest,
  InitProducerIdResponse,
  ProduceRequest,
  ProduceResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { encodeBatch } from '../../../src/testkit/broker/protocol/recordBatch.js';
import { kafkajs, kcat, onCleanup, startKafka } from './helpers/clients.js';
import { RawClient } from './helpers/RawClient.js';

async function rawProducer(address: string) {
  const client = await RawClient.connect(address);
  onCleanup(() => {
    client.close();
    return Promise.resolve();
  });
  const init = await client.request(22, 1, InitProducerIdRequest, InitProducerIdResponse, {
    transactionalId: null,
    transactionTimeoutMs: 1000,
    producerId: -1n,
    producerEpoch: -1,
  });
  const send = async (
    topic: string,
    baseSequence: number,
    values: string[],
    epoch = init.producerEpoch,
  ) => {
    const records = encodeBatch({
      records: values.map((v) => ({ value: Buffer.from(v) })),
      producerId: init.producerId ?? -1n,
      producerEpoch: epoch,
      baseSequence,
    });
    const res = await client.request(0, 7, ProduceRequest, ProduceResponse, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
    });
    const p = res.responses[0]?.partitionResponses[0];
    return { errorCode: p?.errorCode, baseOffset: p?.baseOffset };
  };
  return { init, send };
}

describe('idempotent producers', () => {
  it('works with a kafkajs idempotent producer across several sends', async () => {
    const { kafka } = await startKafka({ brokers: 3 });
    kafka.createTopic('idem', 3);
    const producer = kafkajs(kafka).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    onCleanup(() => producer.disconnect());
    for (let i = 0; i < 5; i++) {
      await producer.send({
        topic: 'idem',
        messages: [{ key: `k${i}`, value: `v${i}` }, { value: `w${i}` }],
      });
    }
    const total = [0, 1, 2].reduce((n, p) => n + kafka.records('idem', p).length, 0);
    expect(total).toBe(10);
  });

  it('acknowledges a retried batch with its first offset and does not append it twice', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('dups', 1);
    const { send } = await rawProducer(kafka.bootstrapServers[0] ?? '');
    expect(await send('dups', 0, ['a', 'b'])).toEqual({ errorCode: 0, baseOffset: 0n });
    expect(await send('dups', 2, ['c'])).toEqual({ errorCode: 0, baseOffset: 2n });
    expect(await send('dups', 0, ['a', 'b'])).toEqual({ errorCode: 0, baseOffset: 0n });
    expect(await send('dups', 2, ['c'])).toEqual({ errorCode: 0, baseOffset: 2n });
    expect(kafka.records('dups', 0).map((r) => r.value?.toString())).toEqual(['a', 'b', 'c']);
  });

  it('answers a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER and an old epoch with INVALID_PRODUCER_EPOCH', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('gaps', 1);
    const { send } = await rawProducer(kafka.bootstrapServers[0] ?? '');
    expect((await send('gaps', 0, ['a'], 3)).errorCode).toBe(0);
    expect((await send('gaps', 5, ['x'], 3)).errorCode).toBe(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    );
    expect((await send('gaps', 1, ['b'], 2)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect((await send('gaps', 3, ['c'], 4)).errorCode).toBe(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    );
    expect((await send('gaps', 0, ['d'], 4)).errorCode).toBe(0);
    expect(kafka.records('gaps', 0).map((r) => r.value?.toString())).toEqual(['a', 'd']);
  });

  it('works with librdkafka enable.idempotence', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('rdk', 1);
    const brokers = kafka.bootstrapServers.join(',');
    await kcat(
      ['-b', brokers, '-P', '-t', 'rdk', '-X', 'enable.idempotence=true'],
      'one\ntwo\nthree\n',
    );
    expect(kafka.records('rdk', 0).map((r) => r.value?.toString())).toEqual([
      'one',
      'two',
      'three',
    ]);
    const batches = kafka.cluster.partition('rdk', 0)?.batches ?? [];
    expect(batches.every((b) => b.producerId >= 0n)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaTestKit } from 'sluice/testkit';
import { runAtLeastOnce } from '../../examples/kafka/atLeastOnce.js';
import { runExactlyOnce } from '../../examples/kafka/exactlyOnce.js';
import { PricingService, produceOrders, readOutput } from '../../examples/kafka/orders.js';
import { kafkaTarget } from '../../examples/kafka/target.js';

let kit: KafkaTestKit;
beforeAll(async () => {
  kit = await KafkaTestKit.start({ defaultPartitions: 3 });
});
afterAll(async () => {
  await kit.stop();
});

/** A fresh input with `count` orders, an empty output, and a group, all unique to the test. */
async function ordersTopic(
  count: number,
): Promise<{ input: string; output: string; groupId: string }> {
  const input = kit.createTopic(3);
  const output = kit.createTopic(3);
  await produceOrders(kit.client, input, count);
  return { input, output, groupId: kit.createGroupId() };
}

function committedTotal(groupId: string): number {
  return kit.committedOffsets(groupId).reduce((sum, o) => sum + Number(o.offset), 0);
}

describe('examples/kafka/target', () => {
  it('uses the cluster --bootstrap names, and refuses a value without a port', async () => {
    const target = await kafkaTarget(['--bootstrap', 'kafka-1:9092,kafka-2:9092']);
    expect(target.bootstrapServers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    await expect(kafkaTarget(['--bootstrap', 'kafka-1'])).rejects.toThrow(
      "--bootstrap must be host:port[,host:port...], got 'kafka-1'",
    );
  });

  it('starts an embedded broker without --bootstrap and stops it', async () => {
    const target = await kafkaTarget([]);
    expect(target.description).toMatch(/^embedded broker at 127\.0\.0\.1:\d+$/);
    await target.stop();
  });
});

describe('examples/kafka/exactlyOnce', () => {
  it('prices every order exactly once and commits every input offset', async () => {
    const count = 300;
    const { input, output, groupId } = await ordersTopic(count);
    const service = new PricingService(1);
    const run = await runExactlyOnce({
      bootstrapServers: kit.bootstrapServers,
      input,
      output,
      groupId,
      transactionalId: kit.createTransactionalId(),
      count,
      service,
      parallelism: 8,
    });
    expect(run.records).toBe(count);
    expect(service.calls).toBe(count);
    expect(service.maxInFlight).toBeLessThanOrEqual(8);
    const out = await readOutput(kit.client, output, count, 200);
    expect(out).toEqual({ records: count, distinctOrders: count, duplicates: 0 });
    expect(committedTotal(groupId)).toBe(count);
  });
});

describe('examples/kafka/atLeastOnce', () => {
  it('prices every order, commits every input offset, and drains once all are in the sink', async () => {
    const count = 300;
    const { input, output, groupId } = await ordersTopic(count);
    const service = new PricingService(1);
    const run = await runAtLeastOnce({
      bootstrapServers: kit.bootstrapServers,
      input,
      output,
      groupId,
      count,
      service,
      parallelism: 8,
    });
    expect(run.records).toBe(count);
    expect(service.calls).toBe(count);
    expect(service.maxInFlight).toBe(8);
    const out = await readOutput(kit.client, output, count, 200);
    expect(out).toEqual({ records: count, distinctOrders: count, duplicates: 0 });
    expect(committedTotal(groupId)).toBe(count);
    await kit.waitUntilGroupState(groupId, 'Empty');
  });
});

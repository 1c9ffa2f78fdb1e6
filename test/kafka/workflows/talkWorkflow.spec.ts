import { describe, expect, it } from 'vitest';
import { awaitCond } from 'sluice/testkit';
import { runScript } from './childProcess.js';
import { kafkaSpec } from '../../testkit/kafka/kafkaSpec.js';

const spec = kafkaSpec();

describe("the talk's consume-transform-produce workflow (issue 9), run as written", () => {
  it('copies every order once and commits all of them when SIGTERM drains it', async () => {
    // The workflow names its topics and group; this spec's broker is its own.
    spec.kit.kafka.createTopic('topic1', 2);
    spec.kit.kafka.createTopic('topic2', 2);
    spec.kit.kafka.createTopic('targetTopic', 1);
    const orders = (from: number): string[] =>
      Array.from({ length: 20 }, (_, i) =>
        JSON.stringify({ id: from + i, item: `item-${String(from + i)}` }),
      );
    const input = { topic1: [orders(0), orders(20)], topic2: [orders(100), orders(120)] };
    for (const [topic, partitions] of Object.entries(input)) {
      for (const [p, values] of partitions.entries())
        await spec.kit.produceString(topic, values, p);
    }

    const child = runScript('examples/kafka/talkWorkflow.ts', [
      '--bootstrap',
      spec.kit.bootstrapServers[0] ?? '',
    ]);
    await child.waitFor('running');
    await awaitCond(
      '80 records in targetTopic',
      () => spec.kit.storedValues('targetTopic').length >= 80,
    );
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);

    const ids = spec.kit
      .storedValues('targetTopic')
      .map((v) => (JSON.parse(v ?? '{}') as { id: number }).id)
      .sort((a, b) => a - b);
    const expected = [0, 20, 100, 120].flatMap((from) =>
      Array.from({ length: 20 }, (_, i) => from + i),
    );
    expect(ids).toEqual(expected);
    // CommitterSettings' maxInterval is 10 s: these commits are the drain's, on SIGTERM.
    const committed = spec.kit
      .committedOffsets('group1')
      .map((o) => [o.topic, o.partition, Number(o.offset)]);
    expect(committed).toEqual([
      ['topic1', 0, 20],
      ['topic1', 1, 20],
      ['topic2', 0, 20],
      ['topic2', 1, 20],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaTestKit } from 'sluice/testkit';
import { runScript, type Child } from './childProcess.js';

let kit: KafkaTestKit;
beforeAll(async () => {
  kit = await KafkaTestKit.start();
});
afterAll(async () => {
  await kit.stop();
});

/** The `topic/partition@offset` lines a worker printed, one per record it processed. */
function processed(child: Child): string[] {
  return [...child.stdout().matchAll(/^record (\S+)$/gm)].map((m) => m[1] ?? '');
}

/** The partitions of a worker's last `assigned` line. */
function assigned(child: Child): string[] {
  const lines = [...child.stdout().matchAll(/^assigned ?(.*)$/gm)];
  return (lines.at(-1)?.[1] ?? '').split(' ').filter((p) => p !== '');
}

describe('scaling out (examples/kafka/scalingOut.ts)', () => {
  it('two processes with one group id split the partitions and process each record once', async () => {
    const topic = kit.createTopic(4);
    const group = kit.createGroupId();
    const args = ['--bootstrap', kit.bootstrapServers[0] ?? '', '--topic', topic, '--group', group];
    const workers = [
      runScript('examples/kafka/scalingOut.ts', args),
      runScript('examples/kafka/scalingOut.ts', args),
    ];
    try {
      const summary = await kit.waitUntilConsumerSummary(
        group,
        (s) => s.members.length === 2 && s.members.every((m) => m.partitions.length === 2),
        { timeoutMs: 20_000 },
      );
      for (let p = 0; p < 4; p++) {
        await kit.produceString(
          topic,
          Array.from({ length: 10 }, (_, i) => `p${String(p)}-${String(i)}`),
          p,
        );
      }
      await Promise.all(workers.map((w) => w.waitFor(/assigned \S+/)));
      const expected = [0, 1, 2, 3].flatMap((p) =>
        Array.from({ length: 10 }, (_, i) => `${topic}/${String(p)}@${String(i)}`),
      );
      // Each worker has printed a record per record of its partitions.
      await Promise.all(
        workers.map((w) =>
          w.waitFor(() => {
            const mine = new Set(assigned(w));
            return (
              processed(w).length === expected.filter((r) => mine.has(r.split('@')[0] ?? '')).length
            );
          }),
        ),
      );
      for (const w of workers) w.process.kill('SIGTERM');
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

      // Each worker processed exactly the records of the two partitions it was assigned.
      const owned = workers.map((w) => assigned(w).sort());
      expect(owned.flat().sort()).toEqual(summary.members.flatMap((m) => m.partitions).sort());
      for (const [i, w] of workers.entries()) {
        const mine = new Set(owned[i]);
        expect(processed(w).every((r) => mine.has(r.split('@')[0] ?? ''))).toBe(true);
      }
      expect(workers.flatMap(processed).sort()).toEqual(expected.sort());
      expect(kit.committedOffsets(group).map((o) => Number(o.offset))).toEqual([10, 10, 10, 10]);
    } finally {
      for (const w of workers) w.process.kill('SIGKILL');
    }
  });
});

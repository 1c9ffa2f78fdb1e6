import { describe, expect, it } from 'vitest';
import { runScript, type Child } from './childProcess.js';
import { kafkaSpec } from '../../testkit/kafka/kafkaSpec.js';

// Two worker processes share a group. Each step awaits a state the workers print or the broker
// reports, never a pause; the bounds are generous because two tsx processes start slowly on a
// loaded machine.

const spec = kafkaSpec();

/** The complete lines a worker has printed: a line still being written is not one yet. */
function lines(child: Child): string[] {
  const out = child.stdout();
  return out.slice(0, out.lastIndexOf('\n') + 1).split('\n');
}

/** The `topic/partition@offset` of each record a worker processed, in order. */
function processed(child: Child): string[] {
  return lines(child)
    .filter((l) => l.startsWith('record '))
    .map((l) => l.slice('record '.length));
}

/**
 * The partitions a worker holds now, replayed from its `assigned` and `revoked` lines: each line
 * names only the partitions that changed, so the last `assigned` line alone is not the
 * assignment (after a rebalance that adds partitions it names only the new ones).
 */
function assigned(child: Child): string[] {
  const held = new Set<string>();
  for (const line of lines(child)) {
    const [kind, ...partitions] = line.split(' ').filter((p) => p !== '');
    if (kind === 'assigned') for (const p of partitions) held.add(p);
    else if (kind === 'revoked') for (const p of partitions) held.delete(p);
  }
  return [...held].sort();
}

const partitionOf = (record: string): string => record.split('@')[0] ?? '';

describe('scaling out (examples/kafka/scalingOut.ts)', () => {
  it('two processes with one group id split the partitions and process each record once', async () => {
    const topic = spec.kit.createTopic(4);
    const group = spec.kit.createGroupId();
    const all = [0, 1, 2, 3].map((p) => `${topic}/${String(p)}`);
    const args = [
      '--bootstrap',
      spec.kit.bootstrapServers[0] ?? '',
      '--topic',
      topic,
      '--group',
      group,
    ];
    const workers = [
      runScript('examples/kafka/scalingOut.ts', args),
      runScript('examples/kafka/scalingOut.ts', args),
    ];
    try {
      // The broker's view: two members with two partitions each.
      const summary = await spec.kit.waitUntilConsumerSummary(
        group,
        (s) => s.members.length === 2 && s.members.every((m) => m.partitions.length === 2),
        { timeoutMs: 45_000, checkIntervalMs: 200 },
      );
      // The workers' view catches up with it: each holds two, together all four.
      await Promise.all(workers.map((w) => w.waitFor(() => assigned(w).length === 2)));
      expect(workers.flatMap(assigned).sort()).toEqual(all);

      for (let p = 0; p < 4; p++) {
        await spec.kit.produceString(
          topic,
          Array.from({ length: 10 }, (_, i) => `p${String(p)}-${String(i)}`),
          p,
        );
      }
      const expected = all.flatMap((tp) =>
        Array.from({ length: 10 }, (_, i) => `${tp}@${String(i)}`),
      );
      // Each worker prints a record per record of its partitions.
      await Promise.all(
        workers.map((w) =>
          w.waitFor(() => {
            const mine = new Set(assigned(w));
            return processed(w).length === expected.filter((r) => mine.has(partitionOf(r))).length;
          }),
        ),
      );
      // Ownership before shutting down: once one worker leaves, the other takes its partitions.
      const owned = workers.map(assigned);
      const records = workers.map(processed);
      for (const w of workers) w.process.kill('SIGTERM');
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

      // Each worker processed exactly the records of the two partitions it was assigned, and
      // those are what the broker had assigned to the two members.
      expect(owned.flat().sort()).toEqual(summary.members.flatMap((m) => m.partitions).sort());
      for (const [i, mine] of owned.entries()) {
        const own = new Set(mine);
        expect(records[i]?.every((r) => own.has(partitionOf(r)))).toBe(true);
      }
      // Exactly once across the group, also counting what was printed while shutting down.
      expect(workers.flatMap(processed).sort()).toEqual(expected.sort());
      expect(spec.kit.committedOffsets(group).map((o) => Number(o.offset))).toEqual([
        10, 10, 10, 10,
      ]);
    } finally {
      for (const w of workers) w.process.kill('SIGKILL');
    }
  }, 120_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaJournal } from 'sluice/persistence';
import { EmbeddedKafka } from 'sluice/testkit';
import { compileChildren } from './compileChildren.js';
import { spawnCrashChild } from './crashRun.js';

const children = compileChildren(['kafkaCrashChild.ts', 'counterChild.ts']);
const child = children.path('kafkaCrashChild.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'sluice-kafka-crash-'));
const topic = 'counter-journal';
let kafka: EmbeddedKafka | undefined;
afterAll(async () => {
  children.remove();
  await kafka?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('KafkaJournal under SIGKILL and a broker restart', () => {
  it('recovers exactly the acknowledged events after 20 kills and a broker restart', async () => {
    kafka = await EmbeddedKafka.start({ dataDir });
    const acknowledged = new Set<number>();
    let lastCount = 0;
    const kills = 20;
    // each child loads, then waits for its line, so its start-up overlaps the previous run
    let next = spawnCrashChild(child);
    for (let kill = 0; kill <= kills; kill++) {
      if (kill === kills / 2) {
        // the broker goes down with the data directory and comes back on a new port
        await kafka.stop();
        kafka = await EmbeddedKafka.start({ dataDir });
      }
      const run = next;
      run.send(`${kafka.bootstrapServers.join(',')} ${topic}`);
      if (kill < kills) next = spawnCrashChild(child);
      const { count, sum } = await run.recovered;
      // the fold of every event once: events 1..count, so their sum is fixed
      expect(sum).toBe((count * (count + 1)) / 2);
      expect(count).toBeGreaterThanOrEqual(lastCount);
      for (const n of acknowledged) expect(n).toBeLessThanOrEqual(count);
      lastCount = count;
      if (kill < kills) await run.waitForAcks(1 + ((kill * 137) % 150)); // a different point each time
      run.process.kill('SIGKILL');
      await run.exited;
      for (const n of run.acks) acknowledged.add(n);
    }
    const journal = await KafkaJournal.connect({ brokers: kafka.bootstrapServers, topic });
    const stored = await journal.readEvents('counter', 1, Number.MAX_SAFE_INTEGER, 1_000_000);
    await journal.close();
    // every stored event once, gapless, each the value its sequence number implies
    expect(stored.length).toBeGreaterThanOrEqual(lastCount);
    stored.forEach((e, i) => {
      expect(e.sequenceNr).toBe(i + 1);
      expect(e.event).toBe(i + 1);
    });
    expect(acknowledged.size).toBeGreaterThan(20);
    for (const n of acknowledged) expect(n).toBeLessThanOrEqual(stored.length);
  }, 180_000); // measured 42-67 s beside the SQLite crash spec at load 17-22 on 2 cores
});

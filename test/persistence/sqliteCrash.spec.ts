import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { compileChildren } from './compileChildren.js';
import { spawnCrashChild } from './crashRun.js';

const children = compileChildren(['crashChild.ts', 'counterChild.ts']);
const child = children.path('crashChild.ts');
const dir = mkdtempSync(join(tmpdir(), 'sluice-crash-'));
const db = join(dir, 'journal.db');
afterAll(() => {
  children.remove();
  rmSync(dir, { recursive: true, force: true });
});

const start = () => spawnCrashChild(child, [db]);

describe('SqliteJournal under SIGKILL', () => {
  it('recovers exactly the acknowledged events after 20 kills while requests flow', async () => {
    const acknowledged = new Set<number>();
    let lastCount = 0;
    // each child loads, then waits for its line, so its start-up overlaps the previous run
    let next = start();
    for (let kill = 0; kill <= 20; kill++) {
      const run = next;
      run.send('go');
      if (kill < 20) next = start();
      const { count, sum } = await run.recovered;
      // the fold of every event once: count events 1..count, so their sum is fixed
      expect(sum).toBe((count * (count + 1)) / 2);
      expect(count).toBeGreaterThanOrEqual(lastCount);
      for (const n of acknowledged) expect(n).toBeLessThanOrEqual(count);
      lastCount = count;
      // kill at a different point each time: after 1 to ~400 acknowledgements
      if (kill < 20) await run.waitForAcks(1 + ((kill * 137) % 400));
      run.process.kill('SIGKILL');
      await run.exited;
      for (const n of run.acks) acknowledged.add(n);
    }
    const rows = new Database(db, { readonly: true })
      .prepare<[], { sequence_nr: number; payload: string }>(
        "SELECT sequence_nr, payload FROM journal WHERE persistence_id = 'counter' ORDER BY sequence_nr",
      )
      .all();
    // every stored event once, gapless, each the value its sequence number implies (the last run
    // may have written more after it reported its recovery)
    expect(rows.length).toBeGreaterThanOrEqual(lastCount);
    rows.forEach((row, i) => {
      expect(row.sequence_nr).toBe(i + 1);
      expect(JSON.parse(row.payload)).toBe(i + 1);
    });
    expect(acknowledged.size).toBeGreaterThan(20);
    for (const n of acknowledged) expect(n).toBeLessThanOrEqual(rows.length);
  }, 120_000); // measured 27 s beside the Kafka crash spec at load 17-20 on 2 cores
});

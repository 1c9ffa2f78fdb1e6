/**
 * Persist 100,000 events, one per request, through `EventSourcing.flow` on a `SqliteJournal` (the
 * stage batches the requests arriving while a write is in flight), and recover them; against
 * hand-written better-sqlite3 loops with the same durability (WAL, synchronous=FULL): one event
 * per transaction (on 2,000 events: at ~8,000 events/s 100,000 would take over 10 s a sample),
 * 100 per transaction, and a recovery scan folding every row. Each write sample appends to a
 * fresh persistence id; the recovery samples read the same 100,000 events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { bench, run, summary } from 'mitata';
import { Materializer, Sink, Source } from 'sluice';
import { SqliteJournal } from 'sluice/persistence';
import { counterFlow } from './counterFlow.js';

const N = 100_000;
const SINGLE_N = 2_000;
const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
const journal = SqliteJournal.open(join(dir, 'journal.db'));
const mat = new Materializer();

const counter = (persistenceId: string) => counterFlow(journal, persistenceId);

let sample = 0;
const persist = (): Promise<number> =>
  Source.range(1, N)
    .via(counter(`w-${String(sample++)}`))
    .runWith(Sink.last(), mat);
const recover = (): Promise<number> =>
  Source.single(0).via(counter('w-0')).runWith(Sink.head(), mat);

const raw = new Database(join(dir, 'raw.db'));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
raw.exec(
  'CREATE TABLE events (pid TEXT NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (pid, seq))',
);
const insert = raw.prepare<[string, number, string]>(
  'INSERT INTO events (pid, seq, payload) VALUES (?, ?, ?)',
);
const insertMany = raw.transaction((pid: string, from: number, to: number) => {
  for (let n = from; n <= to; n++) insert.run(pid, n, JSON.stringify(n));
});
function handWritten(count: number, perTransaction: number): number {
  const pid = `h-${String(sample++)}`;
  for (let n = 1; n <= count; n += perTransaction) {
    insertMany(pid, n, Math.min(count, n + perTransaction - 1));
  }
  return (count * (count + 1)) / 2;
}
const scan = raw.prepare<[string], { payload: string }>(
  'SELECT payload FROM events WHERE pid = ? ORDER BY seq',
);
function handScan(pid: string): number {
  let total = 0;
  for (const row of scan.iterate(pid)) total += JSON.parse(row.payload) as number;
  return total;
}

// Check before timing: every contender computes the same total.
const expected = (N * (N + 1)) / 2;
const checks: [string, number][] = [
  ['sluice persist', await persist()],
  ['sluice recover', await recover()],
  ['hand-written 100/txn', handWritten(N, 100)],
];
const scanned = `h-${String(sample - 1)}`;
checks.push(['hand-written scan', handScan(scanned)]);
for (const [name, total] of checks) {
  if (total !== expected)
    throw new Error(`${name}: total ${String(total)}, expected ${String(expected)}`);
}

summary(() => {
  bench('persist 100k: sluice EventSourcing.flow on SqliteJournal', persist).baseline(true);
  bench('persist 100k: hand-written, 100 events per transaction', () => handWritten(N, 100));
  bench('persist 2k: hand-written, 1 event per transaction', () => handWritten(SINGLE_N, 1));
});
summary(() => {
  bench('recover 100k: sluice EventSourcing.flow on SqliteJournal', recover).baseline(true);
  bench('recover 100k: hand-written scan', () => handScan(scanned));
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  await journal.close();
  raw.close();
  rmSync(dir, { recursive: true, force: true });
}

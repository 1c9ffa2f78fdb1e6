import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Materializer, Sink, Source } from 'sluice';
import { InMemoryJournal, SqliteJournal } from 'sluice/persistence';
import { assertAllStagesStopped } from 'sluice/testkit';
import { type AccountCommand, bankAccounts } from '../../examples/persistence/bankAccounts.js';

const script = join(import.meta.dirname, '../../examples/persistence/bankAccounts.ts');
const dir = mkdtempSync(join(tmpdir(), 'sluice-bank-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the example until it printed `lines` balances, then kills it with SIGKILL. */
async function runAndKill(db: string, lines: number): Promise<Map<string, number[]>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, db], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen = new Map<string, number[]>();
  let count = 0;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      resolve();
    }),
  );
  await new Promise<void>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [account = '', balance] = line.split(' ');
      seen.set(account, [...(seen.get(account) ?? []), Number(balance)]);
      if (++count === lines) resolve();
    });
  });
  child.kill('SIGKILL');
  await exited;
  return seen;
}

describe('examples/persistence/bankAccounts', () => {
  it('refuses an overdraft and replies in order', async () => {
    const mat = new Materializer();
    const replies = await Source.from<AccountCommand>([
      { account: 'a', kind: 'deposit', amount: 10 },
      { account: 'a', kind: 'withdraw', amount: 30 },
      { account: 'b', kind: 'deposit', amount: 5 },
    ])
      .via(bankAccounts(new InMemoryJournal()))
      .runWith(Sink.seq(), mat);
    expect(replies).toEqual([
      { account: 'a', ok: true, balance: 10 },
      { account: 'a', ok: false, balance: 10 },
      { account: 'b', ok: true, balance: 5 },
    ]);
    assertAllStagesStopped(mat);
  });

  it('survives kill -9: balances continue from the acknowledged ones', async () => {
    const db = join(dir, 'accounts.db');
    const before = await runAndKill(db, 60);
    const after = await runAndKill(db, 60);
    for (const [account, balances] of before) {
      const resumed = after.get(account) ?? [];
      // each run's balances rise by one per deposit: none lost, none counted twice
      for (const run of [balances, resumed]) {
        run.forEach((b, i) => {
          expect(b).toBe((run[0] ?? 0) + i);
        });
      }
      expect(resumed[0]).toBeGreaterThan(balances.at(-1) ?? 0);
    }
    const journal = SqliteJournal.open(db);
    for (const [account, balances] of after) {
      expect(await journal.highestSequenceNr(`account-${account}`)).toBeGreaterThanOrEqual(
        balances.at(-1) ?? 0,
      );
    }
    await journal.close();
  }, 60_000);
});

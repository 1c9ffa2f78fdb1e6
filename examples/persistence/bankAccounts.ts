/**
 * A bank account per id, event-sourced on SQLite: it survives `kill -9`.
 *
 * Run `npx tsx examples/persistence/bankAccounts.ts ./accounts.db`: it deposits 1 into five
 * accounts in turn and prints each acknowledged balance. Kill it with `kill -9` and run it again:
 * every balance continues from what the journal acknowledged, never lower, never counted twice.
 */
import { fileURLToPath } from 'node:url';
import { type Flow, Materializer, type NotUsed, Source } from 'sluice';
import { EventSourcing, type Journal, SqliteJournal } from 'sluice/persistence';

/** What a client asks of an account. */
export interface AccountCommand {
  readonly account: string;
  readonly kind: 'deposit' | 'withdraw';
  readonly amount: number;
}

/** What an account answers: whether the command passed, and the balance after it. */
export interface AccountReply {
  readonly account: string;
  readonly ok: boolean;
  readonly balance: number;
}

/** What an account persists. */
export interface BalanceChanged {
  readonly delta: number;
}

/** One event-sourced account per id; a withdrawal above the balance is refused. */
export function bankAccounts(journal: Journal): Flow<AccountCommand, AccountReply, NotUsed> {
  return EventSourcing.keyedFlow<AccountCommand, BalanceChanged, number, AccountReply>({
    key: (command) => command.account,
    persistenceIdOf: (account) => `account-${account}`,
    journal,
    emptyState: 0,
    snapshotEvery: 100,
    onRequest: (balance, { account, kind, amount }) => {
      if (kind === 'withdraw' && amount > balance)
        return { reply: { account, ok: false, balance } };
      const delta = kind === 'deposit' ? amount : -amount;
      return { events: [{ delta }], reply: { account, ok: true, balance: balance + delta } };
    },
    onEvent: (balance, event) => balance + event.delta,
  });
}

/** Deposits 1 into `accounts` accounts in turn, forever, printing each acknowledged balance. */
export async function main(path: string, accounts = 5): Promise<void> {
  const journal = SqliteJournal.open(path);
  let next = 0;
  await Source.repeat(0)
    .map((): AccountCommand => ({
      account: `acct-${String(next++ % accounts)}`,
      kind: 'deposit',
      amount: 1,
    }))
    .via(bankAccounts(journal))
    .runForeach((reply) => {
      process.stdout.write(`${reply.account} ${String(reply.balance)}\n`);
    }, new Materializer());
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await main(process.argv[2] ?? './accounts.db');

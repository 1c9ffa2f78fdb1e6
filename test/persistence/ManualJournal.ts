import { InMemoryJournal, type PersistentEvent, type SelectedSnapshot } from 'sluice/persistence';

/**
 * An InMemoryJournal that counts what the stage asks of it and, while `isHolding`, keeps writes
 * pending until the test releases them: how specs see what is in flight.
 */
export class ManualJournal extends InMemoryJournal {
  isHolding = false;
  readonly writes: { persistenceId: string; sequenceNrs: number[] }[] = [];
  snapshotLoads = 0;
  snapshotSaves = 0;
  private held: (() => void)[] = [];

  override writeEvents(persistenceId: string, events: readonly PersistentEvent[]): Promise<void> {
    this.writes.push({ persistenceId, sequenceNrs: events.map((e) => e.sequenceNr) });
    if (!this.isHolding) return super.writeEvents(persistenceId, events);
    return new Promise<void>((resolve, reject) => {
      this.held.push(() => {
        super.writeEvents(persistenceId, events).then(resolve, reject);
      });
    });
  }

  /** Completes the held writes, oldest first. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const write of held) write();
  }

  get heldWrites(): number {
    return this.held.length;
  }

  override loadSnapshot(persistenceId: string): Promise<SelectedSnapshot | undefined> {
    this.snapshotLoads++;
    return super.loadSnapshot(persistenceId);
  }

  override saveSnapshot(persistenceId: string, sequenceNr: number, state: unknown): Promise<void> {
    this.snapshotSaves++;
    return super.saveSnapshot(persistenceId, sequenceNr, state);
  }
}

export interface Command {
  readonly kind: 'deposit' | 'withdraw' | 'balance';
  readonly amount: number;
}
export interface Reply {
  readonly ok: boolean;
  readonly balance: number;
}
export interface Changed {
  readonly delta: number;
}

/** The bank account: a withdrawal above the balance is refused and persists nothing. */
export const account = {
  emptyState: 0,
  onRequest: (balance: number, c: Command): { events?: Changed[]; reply: Reply } => {
    if (c.kind === 'balance') return { reply: { ok: true, balance } };
    if (c.kind === 'withdraw' && c.amount > balance) return { reply: { ok: false, balance } };
    const delta = c.kind === 'deposit' ? c.amount : -c.amount;
    return { events: [{ delta }], reply: { ok: true, balance: balance + delta } };
  },
  onEvent: (balance: number, e: Changed): number => balance + e.delta,
};

export const deposit = (amount: number): Command => ({ kind: 'deposit', amount });
export const withdraw = (amount: number): Command => ({ kind: 'withdraw', amount });

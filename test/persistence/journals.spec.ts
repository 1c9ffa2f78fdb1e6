import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InMemoryJournal, SqliteJournal } from 'sluice/persistence';
import { journalConformance } from './journalConformance.js';

journalConformance('InMemoryJournal', () => {
  const journal = new InMemoryJournal();
  return Promise.resolve({
    journal,
    corrupt: (id, seq) => {
      journal.corrupt(id, seq, '{not json');
    },
    close: () => journal.close(),
  });
});

journalConformance('SqliteJournal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-journal-'));
  const path = join(dir, 'journal.db');
  const journal = SqliteJournal.open(path);
  return Promise.resolve({
    journal,
    corrupt: (id, seq) => {
      const db = new Database(path);
      db.prepare('UPDATE journal SET payload = ? WHERE persistence_id = ? AND sequence_nr = ?').run(
        '{not json',
        id,
        seq,
      );
      db.close();
    },
    close: async () => {
      await journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

// Runs an event-sourced counter on a SQLite journal until killed: the crash test's child process.
// Loads, then waits for a line on stdin before it opens the journal, so the test can start it
// while the previous child still runs (two writers must never share the file).
import { createInterface } from 'node:readline';
import { SqliteJournal } from 'sluice/persistence';
import { runCounter } from './counterChild.js';

const path = process.argv[2];
if (path === undefined) throw new Error('crashChild: usage: crashChild <db path>');
await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next();
await runCounter(SqliteJournal.open(path));

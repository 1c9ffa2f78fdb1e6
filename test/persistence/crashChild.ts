// Runs an event-sourced counter on a SQLite journal until killed: the crash test's child process.
import { SqliteJournal } from 'sluice/persistence';
import { runCounter } from './counterChild.js';

const path = process.argv[2];
if (path === undefined) throw new Error('crashChild: usage: crashChild <db path>');
await runCounter(SqliteJournal.open(path));

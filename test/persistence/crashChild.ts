// Runs an event-sourced counter on a SQLite journal until killed: the crash test's child process.
// Prints "recovered <count> <sum>" once recovered, then "ack <n>" for each acknowledged event.
import { Materializer, Source } from 'sluice';
import { EventSourcing, SqliteJournal } from 'sluice/persistence';

interface Counter {
  readonly count: number;
  readonly sum: number;
}
type Request = 'peek' | 'next';
type Reply = Counter | number;

const path = process.argv[2];
if (path === undefined) throw new Error('crashChild: usage: crashChild <db path>');
const journal = SqliteJournal.open(path);
const counter = EventSourcing.flow<Request, number, Counter, Reply>({
  persistenceId: 'counter',
  journal,
  emptyState: { count: 0, sum: 0 },
  snapshotEvery: 97,
  maxBatch: 50,
  onRequest: (state, request) =>
    request === 'peek' ? { reply: state } : { events: [state.count + 1], reply: state.count + 1 },
  onEvent: (state, n) => ({ count: state.count + 1, sum: state.sum + n }),
});
await Source.single<Request>('peek')
  .concat(Source.repeat<Request>('next'))
  .via(counter)
  .runForeach((reply) => {
    process.stdout.write(
      typeof reply === 'number'
        ? `ack ${String(reply)}\n`
        : `recovered ${String(reply.count)} ${String(reply.sum)}\n`,
    );
  }, new Materializer());

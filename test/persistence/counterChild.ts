// The counter both crash-test children run: an event-sourced count and sum of 1, 2, 3, ...
// Prints "recovered <count> <sum>" once recovered, then "ack <n>" for each acknowledged event.
import { Materializer, Source } from 'sluice';
import { EventSourcing, type Journal } from 'sluice/persistence';

interface Counter {
  readonly count: number;
  readonly sum: number;
}
type Request = 'peek' | 'next';
type Reply = Counter | number;

/** Runs the counter on `journal` until the process is killed. */
export async function runCounter(journal: Journal): Promise<void> {
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
}

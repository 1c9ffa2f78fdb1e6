// Runs an event-sourced counter on a KafkaJournal until killed: the Kafka crash test's child.
// Loads, then waits for a line "<brokers> <topic>" on stdin, so the test can start it while the
// previous child still runs. Prints "recovered <count> <sum>" once recovered, then "ack <n>" for
// each acknowledged event.
import { createInterface } from 'node:readline';
import { Materializer, Source } from 'sluice';
import { EventSourcing, KafkaJournal } from 'sluice/persistence';

interface Counter {
  readonly count: number;
  readonly sum: number;
}
type Request = 'peek' | 'next';
type Reply = Counter | number;

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const first = await lines.next();
const [brokers, topic] = first.done === true ? [] : first.value.split(' ');
if (brokers === undefined || topic === undefined) {
  throw new Error('kafkaCrashChild: expected "<brokers> <topic>" on stdin');
}
const journal = await KafkaJournal.connect({ brokers: brokers.split(','), topic });
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

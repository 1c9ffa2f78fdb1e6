// Runs an event-sourced counter on a KafkaJournal until killed: the Kafka crash test's child.
// Loads, then waits for a line "<brokers> <topic>" on stdin, so the test can start it while the
// previous child still runs.
import { createInterface } from 'node:readline';
import { KafkaJournal } from 'sluice/persistence';
import { runCounter } from './counterChild.js';

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const first = await lines.next();
const [brokers, topic] = first.done === true ? [] : first.value.split(' ');
if (brokers === undefined || topic === undefined) {
  throw new Error('kafkaCrashChild: expected "<brokers> <topic>" on stdin');
}
await runCounter(await KafkaJournal.connect({ brokers: brokers.split(','), topic }));

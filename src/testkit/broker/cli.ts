#!/usr/bin/env node
/**
 * `sluice-broker`: runs the embedded Kafka broker as a process, for trying clients by hand
 * or for tests in other languages.
 *
 *   sluice-broker --port 9092 [--brokers 3] [--partitions 3] [--data-dir DIR] [--host H]
 *
 * Prints `listening on host:port` once per broker, and exits 0 on SIGINT or SIGTERM after
 * closing every connection.
 */
import { parseArgs } from 'node:util';
import { EmbeddedKafka } from './EmbeddedKafka.js';

const USAGE =
  'usage: sluice-broker [--port 9092] [--brokers N] [--partitions N] [--data-dir DIR] [--host 127.0.0.1]';

function fail(message: string): never {
  process.stderr.write(`sluice-broker: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    fail(`--${name} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', default: '9092' },
      brokers: { type: 'string' },
      partitions: { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
try {
  args = parse();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (args.values.help === true) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const port = integer('port', args.values.port, 0);
const brokers = integer('brokers', args.values.brokers, 1);
const partitions = integer('partitions', args.values.partitions, 1);

// Handlers go in before anything is printed: stdout writes to a pipe are synchronous, so
// a parent that signals as soon as it reads "listening on" could otherwise beat them.
const state: { kafka: EmbeddedKafka | undefined; isStopping: boolean } = {
  kafka: undefined,
  isStopping: false,
};
const shutdown = (): void => {
  if (state.isStopping) return;
  state.isStopping = true;
  void (state.kafka?.stop() ?? Promise.resolve()).then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

const kafka = await EmbeddedKafka.start({
  ...(port === undefined ? {} : { port }),
  ...(brokers === undefined ? {} : { brokers }),
  ...(partitions === undefined ? {} : { defaultPartitions: partitions }),
  ...(args.values['data-dir'] === undefined ? {} : { dataDir: args.values['data-dir'] }),
  ...(args.values.host === undefined ? {} : { host: args.values.host }),
  log: (line) => {
    process.stderr.write(`${line}\n`);
  },
});
state.kafka = kafka;
if (state.isStopping) {
  // A signal arrived while the listeners were starting.
  await kafka.stop();
  process.exit(0);
}
for (const address of kafka.bootstrapServers) process.stdout.write(`listening on ${address}\n`);

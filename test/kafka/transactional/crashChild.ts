/**
 * The child process of the exactly-once crash test: Transactional.source → map →
 * Transactional.sink, which SIGKILLs itself at the point named by KILL_AT:
 * `Request:<Api>:<n>` (the n-th request of that kafkajs API is about to be sent),
 * `Response:<Api>:<n>` (its n-th response arrived and was applied by the broker, before the
 * stream acts on it) or `Records:<n>` (the n-th record passed the map). Without KILL_AT it runs
 * until the parent sends 'stop', then drains and exits 0.
 */
import { logLevel, type logCreator } from 'kafkajs';
import { Keep } from 'sluice';
import {
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Transactional,
  type RecordDeserializer,
} from 'sluice/kafka';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`crashChild: ${name} is not set`);
  return value;
};
const bootstrap = env('BOOTSTRAP');
const input = env('INPUT');
const output = env('OUTPUT');
const groupId = env('GROUP');
const transactionalId = env('TXN_ID');
const killAt = process.env['KILL_AT'];

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL delivered');
}

const counts = new Map<string, number>();
function count(key: string): void {
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  if (killAt === `${key}:${n}`) die();
}

// kafkajs logs every request before it is written and every response once parsed: the points
// between produce and commit.
const watch: logCreator = () => (entry) => {
  const match = /^(Request|Response) (\w+)\(/.exec(entry.log.message);
  if (match !== null) count(`${match[1]}:${match[2]}`);
};
const logOptions = {
  logLevel: killAt === undefined ? logLevel.NOTHING : logLevel.DEBUG,
  logCreator: watch,
};

const text: RecordDeserializer<string> = { deserialize: (data) => data?.toString() ?? '' };

const producerSettings = ProducerSettings.create({
  keySerializer: Serializers.string,
  valueSerializer: Serializers.string,
})
  .withBootstrapServers(bootstrap)
  .withEosCommitInterval(20)
  .withClientOption('logLevel', logOptions.logLevel)
  .withClientOption('logCreator', watch);

const [control, done] = Transactional.source(
  {
    bootstrapServers: [bootstrap],
    groupId,
    keyDeserializer: text,
    valueDeserializer: text,
    autoOffsetReset: 'earliest',
    clientOptions: logOptions,
    // Small fetches make many transactions; a short session lets a restart take over quickly.
    consumerOptions: {
      maxBytesPerPartition: 64,
      maxWaitTimeInMs: 50,
      sessionTimeout: 1000,
      rebalanceTimeout: 2000,
      heartbeatInterval: 100,
    },
  },
  { topics: [input] },
)
  .map((msg) => {
    count('Records');
    return ProducerMessage.single(
      { topic: output, key: msg.record.key, value: msg.record.value },
      msg.partitionOffset,
    );
  })
  .toMat(Transactional.sink(producerSettings, transactionalId), Keep.both)
  .run();

done.catch((error: unknown) => {
  console.error(error);
  process.exit(3);
});
process.on('message', (message) => {
  if (message !== 'stop') return;
  control.drainAndShutdown(done).then(
    () => process.exit(0),
    () => process.exit(2),
  );
});
process.send?.('started');

// Scaling out: run this worker twice (or more) with the same --group and Kafka's group protocol
// splits the topic's partitions between the processes; each commits what it processed, and a
// rebalance moves partitions when a worker joins or leaves. SIGTERM drains and leaves the group.
//
//   npx tsx examples/kafka/scalingOut.ts --topic orders --group workers [--bootstrap host:port]
//
// Prints `assigned <topic/partition ...>` on each assignment and `record <topic/partition@offset>`
// per record processed.
import { parseArgs } from 'node:util';
import { logLevel } from 'kafkajs';
import { Keep } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  ConsumerSettings,
  Deserializers,
  DrainingControl,
  Subscriptions,
  type TopicPartition,
} from 'sluice/kafka';

const { values } = parseArgs({
  options: {
    bootstrap: { type: 'string', default: 'localhost:9092' },
    topic: { type: 'string' },
    group: { type: 'string' },
  },
});
if (values.topic === undefined || values.group === undefined) {
  console.error('usage: scalingOut.ts --topic T --group G [--bootstrap host:port]');
  process.exit(2);
}

const names = (tps: readonly TopicPartition[]): string =>
  tps.map((tp) => `${tp.topic}/${String(tp.partition)}`).join(' ');

const settings = ConsumerSettings.create({
  keyDeserializer: Deserializers.string,
  valueDeserializer: Deserializers.string,
})
  .withBootstrapServers(values.bootstrap)
  .withGroupId(values.group)
  .withProperty('autoOffsetReset', 'earliest')
  .withProperty('logLevel', logLevel.NOTHING)
  .withProperty('maxWaitTimeInMs', 100)
  .withProperty('heartbeatInterval', 200);
const subscription = Subscriptions.topics(values.topic).withRebalanceListener({
  onAssign: (tps) => {
    console.log(`assigned ${names(tps)}`);
  },
  onRevoke: (tps) => {
    console.log(`revoked ${names(tps)}`);
  },
});
const control = Consumer.committableSource(settings, subscription)
  .map((msg) => {
    const { topic, partition, offset } = msg.record;
    console.log(`record ${topic}/${String(partition)}@${String(offset)}`);
    return msg.committableOffset;
  })
  .toMat(Committer.sink(CommitterSettings.create().withMaxInterval(200)), Keep.both)
  .mapMaterializedValue(DrainingControl.create)
  .run();
process.on('SIGTERM', () => void control.drainAndShutdown());

// The consume-transform-produce workflow from the talk, as issue 9 writes it: orders from topic1
// and topic2 go to targetTopic, each offset committed once its record is produced; SIGTERM drains
// the stream and shuts the consumer down. The only change is the bootstrap address, which comes
// from `--bootstrap` (default localhost:9092, as written) so a test can point it at its broker.
//
//   npx tsx examples/kafka/talkWorkflow.ts [--bootstrap host:port]
import { parseArgs } from 'node:util';
import {
  Consumer,
  Producer,
  Subscriptions,
  ConsumerSettings,
  ProducerSettings,
  CommitterSettings,
  ProducerMessage,
  DrainingControl,
  Deserializers,
  Serializers,
} from 'sluice/kafka';
import { Keep } from 'sluice';

interface Order {
  readonly id: number;
  readonly item: string;
}

const bootstrap =
  parseArgs({ options: { bootstrap: { type: 'string' } } }).values.bootstrap ?? 'localhost:9092';

const consumerSettings = ConsumerSettings.create({
  keyDeserializer: Deserializers.string,
  valueDeserializer: Deserializers.json<Order>(),
})
  .withBootstrapServers(bootstrap)
  .withGroupId('group1')
  .withProperty('autoOffsetReset', 'earliest');
const producerSettings = ProducerSettings.create({
  keySerializer: Serializers.string,
  valueSerializer: Serializers.json<Order>(),
}).withBootstrapServers(bootstrap);
const control = Consumer.committableSource(
  consumerSettings,
  Subscriptions.topics('topic1', 'topic2'),
)
  .map((msg) =>
    ProducerMessage.single(
      { topic: 'targetTopic', value: msg.record.value },
      msg.committableOffset,
    ),
  )
  .toMat(Producer.committableSink(producerSettings, CommitterSettings.create()), Keep.both)
  .mapMaterializedValue(DrainingControl.create)
  .run();
process.on('SIGTERM', () => void control.drainAndShutdown());

console.log('running');

import {
  KafkaCommittableOffset,
  type CommittableMessage,
  type ConsumerRecord,
} from '../ConsumerMessage.js';
import type { ElementFactory } from './KafkaSourceStage.js';

/** @internal The element factory of committable sources, with an optional metadata function. */
export function committable<K, V>(
  metadata: ((record: ConsumerRecord<K, V>) => string) | undefined,
): ElementFactory<K, V, CommittableMessage<K, V>> {
  return (record, driver) => ({
    record,
    committableOffset: new KafkaCommittableOffset(
      driver,
      record.topic,
      record.partition,
      record.offset,
      metadata === undefined ? undefined : metadata(record),
    ),
  });
}

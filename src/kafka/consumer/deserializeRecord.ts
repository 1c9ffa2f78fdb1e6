import type { KafkaMessage } from 'kafkajs';
import type { ConsumerRecord } from '../ConsumerMessage.js';
import { KafkaRecordError } from '../errors.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';

/**
 * @internal Deserializes one fetched record.
 * @throws KafkaRecordError naming `topic/partition@offset` when a deserializer throws.
 */
export function deserializeRecord<K, V>(
  name: string,
  settings: ConsumerSettings<K, V>,
  topic: string,
  partition: number,
  m: KafkaMessage,
): ConsumerRecord<K, V> {
  const offset = Number(m.offset);
  let part = 'key';
  try {
    const key = m.key === null ? null : settings.keyDeserializer.deserialize(m.key, topic);
    part = 'value';
    const value = settings.valueDeserializer.deserialize(m.value, topic);
    return {
      topic,
      partition,
      offset,
      timestamp: Number(m.timestamp),
      key,
      value,
      headers: m.headers ?? {},
    };
  } catch (e) {
    throw new KafkaRecordError(
      topic,
      partition,
      offset,
      `${name}: cannot deserialize ${part} at ${topic}/${partition}@${offset}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}

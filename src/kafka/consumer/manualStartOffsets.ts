import type { Admin } from 'kafkajs';
import { KafkaConsumerError } from '../errors.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { Subscription } from '../Subscriptions.js';
import { tpKey } from '../TopicPartition.js';
import { withTimeout } from './promises.js';

/**
 * @internal Where a manual subscription starts, per `topic/partition`: its explicit offsets, or
 * the first offset at or after each timestamp (the end offset when there is none), looked up
 * within `offsetForTimesTimeout`. `undefined` when the committed offsets decide.
 * @throws KafkaConsumerError when the lookups time out.
 */
export async function manualStartOffsets(
  name: string,
  settings: ConsumerSettings<unknown, unknown>,
  sub: Subscription,
  adminClient: () => Promise<Admin>,
): Promise<Map<string, number> | undefined> {
  if (sub.kind !== 'manual') return undefined;
  if (sub.offsets !== undefined) return new Map(sub.offsets);
  const timestamps = sub.timestamps;
  if (timestamps === undefined) return undefined;
  const admin = await adminClient();
  const out = new Map<string, number>();
  const lookups: Promise<void>[] = [];
  for (const tp of sub.partitions) {
    const ts = timestamps.get(tpKey(tp.topic, tp.partition));
    if (ts === undefined) continue;
    lookups.push(
      admin.fetchTopicOffsetsByTimestamp(tp.topic, ts).then(async (found) => {
        const hit = found.find((f) => f.partition === tp.partition);
        let offset = hit === undefined ? -1 : Number(hit.offset);
        if (offset < 0) {
          const ends = await admin.fetchTopicOffsets(tp.topic);
          offset = Number(ends.find((f) => f.partition === tp.partition)?.high ?? 0);
        }
        out.set(tpKey(tp.topic, tp.partition), offset);
      }),
    );
  }
  await withTimeout(Promise.all(lookups), settings.offsetForTimesTimeout, () => {
    throw new KafkaConsumerError(
      `${name}: offsets for times were not found within offsetForTimesTimeout (${settings.offsetForTimesTimeout} ms)`,
    );
  });
  return out;
}

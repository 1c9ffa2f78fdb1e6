import type { Admin, Consumer, ConsumerRunConfig, EachBatchPayload } from 'kafkajs';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { Subscription } from '../Subscriptions.js';
import { manualStartOffsets } from './manualStartOffsets.js';

/** @internal What the fetch loop of a driver's consumer reports to the driver. */
export interface ConsumerLoop {
  /** A new generation's assignment of this member. */
  onAssigned(assignment: Readonly<Record<string, number[]>>): void;
  /** A heartbeat succeeded: the coordinator holds this member's generation as current. */
  onHeartbeat(): void;
  /**
   * kafkajs gave up on the consumer and does not restart it. `restart` is given when the cause
   * was a connection fault, which kafkajs gives up on in places (a FindCoordinator whose
   * connection dropped ends in a non-retriable `KafkaJSGroupCoordinatorNotFound`): calling it
   * starts the consumer's group membership and fetch loop again.
   */
  onCrash(error: Error, restart: (() => Promise<void>) | undefined): void;
  /** One fetched batch; kafkajs fetches again once the promise settles. */
  onBatch(payload: EachBatchPayload): Promise<void>;
  admin(): Promise<Admin>;
}

/**
 * @internal Connects and subscribes `consumer`, and starts its fetch loop with manual offset
 * handling; a manual subscription's start offsets are looked up first and seeked to once the loop
 * runs.
 */
export async function runConsumer(
  name: string,
  settings: ConsumerSettings<unknown, unknown>,
  sub: Subscription,
  consumer: Consumer,
  loop: ConsumerLoop,
): Promise<void> {
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    loop.onAssigned(e.payload.memberAssignment);
  });
  consumer.on(consumer.events.HEARTBEAT, () => {
    loop.onHeartbeat();
  });
  const run: ConsumerRunConfig = {
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: (payload) => loop.onBatch(payload),
  };
  consumer.on(consumer.events.CRASH, (e) => {
    const error = e.payload.error;
    if (e.payload.restart) return;
    loop.onCrash(error, isConnectionFault(error) ? () => consumer.run(run) : undefined);
  });
  await consumer.connect();
  const topics =
    sub.kind === 'auto' ? [...sub.topics] : [...new Set(sub.partitions.map((tp) => tp.topic))];
  await consumer.subscribe({
    topics,
    fromBeginning: settings.properties.autoOffsetReset === 'earliest',
  });
  const startOffsets = await manualStartOffsets(name, settings, sub, () => loop.admin());
  await consumer.run(run);
  if (startOffsets === undefined) return;
  for (const [key, offset] of startOffsets) {
    const slash = key.lastIndexOf('/');
    consumer.seek({
      topic: key.slice(0, slash),
      partition: Number(key.slice(slash + 1)),
      offset: String(offset),
    });
  }
}

/** kafkajs errors that a lost or refused connection raises, by name. */
const CONNECTION_FAULTS: ReadonlySet<string> = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSBrokerNotFound',
]);

/** Whether `error`, or an error in its chain of causes, is a connection fault. */
function isConnectionFault(error: unknown): boolean {
  let e = error;
  for (let depth = 0; depth < 8 && e instanceof Error; depth++) {
    if (CONNECTION_FAULTS.has(e.name)) return true;
    e = e.cause;
  }
  return false;
}

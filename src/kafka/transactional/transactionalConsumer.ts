import { Kafka, type Consumer, type KafkaMessage } from 'kafkajs';
import type { AsyncCallback } from '../../core/index.js';
import type { ConsumerRecord } from '../ConsumerMessage.js';
import { KafkaConsumerError, KafkaRecordError } from '../errors.js';
import { errorText } from '../producer/ProducerLogic.js';
import type { TransactionalOffset } from './transactionalProducers.js';
import type { CommittedMarker } from './CommittedMarker.js';
import { HeldBatch } from './InFlightTracker.js';
import type { TransactionalSourceConfig } from './TransactionalSourceSettings.js';

/** What the transactional sources emit: the record and the offset its transaction commits. */
export interface TransactionalMessage<K, V> {
  readonly record: ConsumerRecord<K, V>;
  readonly partitionOffset: TransactionalOffset;
}

/** @internal One fetched batch on its way out of a transactional source. */
export interface Arrived {
  readonly held: HeldBatch;
  readonly messages: KafkaMessage[];
}

/** @internal The callbacks through which the kafkajs consumer reaches the stage. */
export interface ConsumerCallbacks {
  readonly onBatch: AsyncCallback<Arrived>;
  readonly onFailure: AsyncCallback<unknown>;
  /** Group assignments, `topic → partitions`, for the partitioned source. */
  readonly onAssign?: AsyncCallback<Record<string, number[]>>;
}

/**
 * @internal Creates, subscribes and runs a `read_committed` kafkajs consumer whose `eachBatch`
 * hands each batch to the stage and returns only once the batch is released (committed, or
 * given up when the stage stops).
 */
export function startTransactionalConsumer(
  label: string,
  config: TransactionalSourceConfig<unknown, unknown>,
  callbacks: ConsumerCallbacks,
): Consumer {
  const consumer = new Kafka(config.client).consumer({
    ...config.consumer,
    // Only committed input: an aborted upstream transaction must not be processed.
    readUncommitted: false,
  });
  const { onBatch, onFailure, onAssign } = callbacks;
  const heartbeatInterval = config.consumer.heartbeatInterval ?? 3000;
  if (onAssign !== undefined) {
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      onAssign.invoke(event.payload.memberAssignment);
    });
  }
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) {
      onFailure.invoke(
        new KafkaConsumerError(
          `${label}: the consumer crashed: ${errorText(event.payload.error)}`,
          {
            cause: event.payload.error,
          },
        ),
      );
    }
  });
  const start = async (): Promise<void> => {
    await consumer.connect();
    await consumer.subscribe({ topics: [...config.topics], fromBeginning: config.fromBeginning });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
      eachBatch: async ({ batch, heartbeat }) => {
        if (batch.isEmpty()) return;
        const held = new HeldBatch(batch.topic, batch.partition, Number(batch.lastOffset()));
        try {
          await onBatch.invokeWithFeedback({ held, messages: batch.messages });
        } catch {
          // The stage stopped: nothing was emitted from this batch; it will be fetched again.
          held.done();
        }
        await holdWithHeartbeats(held, heartbeat, heartbeatInterval);
      },
    });
  };
  start().catch((error: unknown) => {
    onFailure.invoke(
      new KafkaConsumerError(`${label}: cannot start the consumer: ${errorText(error)}`, {
        cause: error,
      }),
    );
  });
  return consumer;
}

/**
 * Waits until the batch is released, heartbeating meanwhile: kafkajs heartbeats only between
 * batches, and a batch held behind a slow downstream must not cost the member its session. A
 * heartbeat that reports a rebalance changes nothing: the batch is held until it commits, and
 * kafkajs rejoins once every `eachBatch` returned.
 */
async function holdWithHeartbeats(
  held: HeldBatch,
  heartbeat: () => Promise<void>,
  intervalMs: number,
): Promise<void> {
  while (!held.isReleased()) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, intervalMs);
      timer.unref();
    });
    await Promise.race([held.released, tick]);
    clearTimeout(timer);
    if (!held.isReleased()) await heartbeat().catch(() => undefined);
  }
}

/**
 * @internal Deserializes one fetched record into the message a transactional source emits.
 * @throws KafkaRecordError naming `topic/partition@offset` when a deserializer throws.
 */
export function toTransactionalMessage<K, V>(
  label: string,
  config: TransactionalSourceConfig<K, V>,
  marker: CommittedMarker,
  held: HeldBatch,
  message: KafkaMessage,
): TransactionalMessage<K, V> {
  const { topic, partition } = held;
  const offset = Number(message.offset);
  let key: K | null;
  let value: V;
  try {
    // A null key is Kafka's "no key": the deserializer is not asked, as in the other sources.
    key = message.key === null ? null : config.deserializeKey(message.key, topic);
    value = config.deserializeValue(message.value, topic);
  } catch (error) {
    throw new KafkaRecordError(
      topic,
      partition,
      offset,
      `${label}: cannot deserialize the record at ${topic}/${partition}@${offset}: ${errorText(error)}`,
      { cause: error },
    );
  }
  return {
    record: {
      topic,
      partition,
      offset,
      key,
      value,
      headers: message.headers ?? {},
      timestamp: Number(message.timestamp),
    },
    partitionOffset: {
      key: { groupId: config.consumer.groupId, topic, partition },
      offset,
      committedMarker: marker,
    },
  };
}

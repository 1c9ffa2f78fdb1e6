import { Kafka, Partitioners, type ICustomPartitioner, type Producer } from 'kafkajs';
import type { ProducerSettings } from '../settings/ProducerSettings.js';

/**
 * Wraps a partitioner so that the partition it picks is written onto the message. kafkajs answers a
 * batch with one base offset per partition; knowing each message's partition lets the stage give
 * every record its own offset. kafkajs's partitioners return `message.partition` when it is set,
 * so a retried send keeps the partition it first got.
 */
function trackingPartitioner(inner: ICustomPartitioner): ICustomPartitioner {
  return () => {
    const pick = inner();
    return (args) => {
      const partition = pick(args);
      args.message.partition = partition;
      return partition;
    };
  };
}

/**
 * @internal A kafkajs producer for `settings`; transactional (and so idempotent, one request in
 * flight) when `transactionalId` is given.
 */
export function createProducer(
  settings: ProducerSettings<never, never>,
  stage: string,
  transactionalId?: string,
): Producer {
  const kafka = new Kafka({
    ...settings.clientOptions,
    brokers: settings.requireBootstrapServers(stage),
    clientId: settings.clientId,
  });
  const options = settings.producerOptions;
  const createPartitioner = trackingPartitioner(
    options.createPartitioner ?? Partitioners.DefaultPartitioner,
  );
  if (transactionalId !== undefined) {
    return kafka.producer({
      ...options,
      createPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionalId,
    });
  }
  return kafka.producer({
    ...options,
    createPartitioner,
    idempotent: settings.idempotent,
    ...(settings.idempotent ? { maxInFlightRequests: 1 } : {}),
  });
}

/** @internal Disconnects, giving up after `timeoutMs`; never rejects. */
export async function closeProducer(producer: Producer, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([producer.disconnect().catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import type { Kafka } from 'kafkajs';
import type { EmbeddedKafka } from '../broker/EmbeddedKafka.js';
import { ErrorCode } from '../broker/errors.js';

/** Kafka API keys the faults below intercept. */
const OFFSET_COMMIT = 8;
const HEARTBEAT = 12;
/** The group coordinator's code, not in the broker's general table. */
const REBALANCE_IN_PROGRESS = 27;

/**
 * Faults a test injects into the embedded broker, named after what a Kafka user meets: commits
 * that fail, a rebalance nobody asked for, a transactional producer fenced by a newer one, and
 * connections that drop. A real broker makes each of these hard to provoke on cue.
 */
export class KafkaFaults {
  /** @internal */
  constructor(
    private readonly broker: () => EmbeddedKafka,
    private readonly client: Kafka,
  ) {}

  /** The kit's current broker: a restart replaces it. */
  private get kafka(): EmbeddedKafka {
    return this.broker();
  }

  /**
   * The next `count` OffsetCommit requests are answered with `errorCode` (default
   * UNKNOWN_SERVER_ERROR, which kafkajs does not retry; a retriable code such as
   * COORDINATOR_NOT_AVAILABLE (15) shows that commits are retried).
   */
  failCommits(count = 1, errorCode: number = ErrorCode.UNKNOWN_SERVER_ERROR): void {
    this.kafka.failNext(OFFSET_COMMIT, errorCode, count);
  }

  /**
   * Makes the next heartbeat (of any member of any group) answer REBALANCE_IN_PROGRESS: that
   * member rejoins, which moves its group into a new generation, and every other member rejoins
   * at its next heartbeat. Await the new generation with
   * {@link KafkaTestKit.waitUntilConsumerSummary}.
   */
  forceRebalance(): void {
    this.kafka.failNext(HEARTBEAT, REBALANCE_IN_PROGRESS, 1);
  }

  /**
   * Fences every producer using `transactionalId`: a new producer with that id initialises it
   * (InitProducerId bumps the epoch), then goes away. The fenced producer's next transactional
   * request fails with INVALID_PRODUCER_EPOCH / PRODUCER_FENCED.
   */
  async fence(transactionalId: string): Promise<void> {
    const producer = this.client.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      const txn = await producer.transaction();
      await txn.abort();
    } finally {
      await producer.disconnect();
    }
  }

  /** Closes every client connection on every broker; clients see a dropped connection and reconnect. */
  dropConnections(): void {
    this.kafka.dropConnections();
  }

  /**
   * The broker handles the next `count` requests of `apiKey`, then closes their connection
   * instead of answering: the client's request took effect, but it never hears so, as when a
   * connection drops between a request and its answer.
   */
  dropConnectionAfter(apiKey: number, count = 1): void {
    this.kafka.dropAfterNext(apiKey, count);
  }

  /** Answers the next `count` requests of `apiKey` with `errorCode`, for a request error not covered above. */
  failNext(apiKey: number, errorCode: number, count = 1): void {
    this.kafka.failNext(apiKey, errorCode, count);
  }

  /** Holds every response to `apiKey` back by `ms`; 0 removes the delay. */
  delayResponses(apiKey: number, ms: number): void {
    this.kafka.delayResponses(apiKey, ms);
  }
}

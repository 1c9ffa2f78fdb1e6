/**
 * A ConsumerProtocolAssignment v0 with no partitions and empty user data: `int16 version = 0`,
 * `int32 count = 0`, `int32 user_data length = 0`.
 *
 * A consumer the leader assigned nothing gets these bytes instead of zero bytes, as kfake does:
 * kafkajs and librdkafka both decode an empty buffer, but a valid empty structure is what a real
 * Kafka leader would have sent.
 */
export const emptyConsumerAssignment: Uint8Array = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

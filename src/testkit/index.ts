export { assertAllStagesStopped } from './assertAllStagesStopped.js';
export { ProbeAssertionError, type ProbeEvent } from './ProbeEvents.js';
export { settle } from './settle.js';
export { TestSink, TestSinkProbe } from './TestSink.js';
export { TestSource, TestSourceProbe } from './TestSource.js';
export { VirtualClock } from './VirtualClock.js';
export * from './broker/index.js';
export {
  KafkaTestKit,
  type ConsumeOptions,
  type ConsumedRecord,
  type TestRecord,
} from './kafka/KafkaTestKit.js';
export { KafkaFaults } from './kafka/KafkaFaults.js';
export type { ConsumerSummary, MemberSummary } from './kafka/ConsumerSummary.js';
export { waitUntil, type WaitOptions } from './kafka/waitUntil.js';

export { assertAllStagesStopped } from './assertAllStagesStopped.js';
export { ProbeAssertionError, type ProbeEvent } from './ProbeEvents.js';
export { settle } from './settle.js';
export { TestSink, TestSinkProbe } from './TestSink.js';
export { TestSource, TestSourceProbe } from './TestSource.js';
export { VirtualClock } from './VirtualClock.js';
export * from './broker/index.js';

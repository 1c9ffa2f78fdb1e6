export { RestartFlow } from './RestartFlow.js';
export type { RestartSettings } from './RestartSettings.js';
export { RestartSink } from './RestartSink.js';
export { RestartSource } from './RestartSource.js';
export { RetryFlow, RetryFlowInnerCompletedError, type RetrySettings } from './RetryFlow.js';

export { BroadcastHub } from './BroadcastHub.js';
export { type DrainingControl, MergeHub } from './MergeHub.js';
export { PartitionHub } from './PartitionHub.js';

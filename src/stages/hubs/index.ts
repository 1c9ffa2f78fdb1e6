export { BroadcastHub } from './BroadcastHub.js';
export { MergeHub } from './MergeHub.js';
export { PartitionHub } from './PartitionHub.js';

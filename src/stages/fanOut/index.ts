export { balance } from './balance.js';
export { broadcast } from './broadcast.js';
export { combineSink } from './combineSink.js';
export { partition, PartitionOutOfBoundsError } from './partition.js';
export { unzip } from './unzip.js';
export { unzipWith } from './unzipWith.js';

export { asyncIterator } from './asyncIterator.js';
export { fromAsyncIterable } from './fromAsyncIterable.js';
export { fromReadable } from './fromReadable.js';
export { queue, QueueOfferFailure, type QueueOfferResult, type SourceQueue } from './queue.js';
export { type SinkQueue, sinkQueue } from './sinkQueue.js';
export { toWritable } from './toWritable.js';

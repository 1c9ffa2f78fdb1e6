export { flatMapConcat } from './flatMapConcat.js';
export { flatMapMerge } from './flatMapMerge.js';
export { flatMapPrefix } from './flatMapPrefix.js';
export { groupBy, TooManySubstreamsOpenError } from './groupBy.js';
export { prefixAndTail, SubscriptionTimeoutError } from './prefixAndTail.js';
export { splitAfter } from './splitAfter.js';
export { splitWhen } from './splitWhen.js';
export { type ClosedSubFlow, type MergedSubFlow, SubFlow, type SubFlowKind } from './SubFlow.js';
export { switchMap } from './switchMap.js';

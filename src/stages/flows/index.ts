// The simple (data-driven) flow operators added after the core set; map, filter, take, fold and scan
// are exported by name from ../index.ts.
export { alsoTo } from './alsoTo.js';
export { alsoToAll } from './alsoToAll.js';
export { collect } from './collect.js';
export { collectType } from './collectType.js';
export { detach } from './detach.js';
export { divertTo } from './divertTo.js';
export { drop } from './drop.js';
export { dropWhile } from './dropWhile.js';
export { filterNot } from './filterNot.js';
export { foldWhile } from './foldWhile.js';
export { grouped } from './grouped.js';
export { intersperse } from './intersperse.js';
export { limit } from './limit.js';
export { limitWeighted } from './limitWeighted.js';
export { log, type LogOptions, type StreamLogger } from './log.js';
export { mapConcat } from './mapConcat.js';
export { reduce } from './reduce.js';
export { sliding } from './sliding.js';
export { statefulMap } from './statefulMap.js';
export { statefulMapConcat } from './statefulMapConcat.js';
export { takeUntil } from './takeUntil.js';
export { takeWhile } from './takeWhile.js';
export { watchTermination } from './watchTermination.js';
export { wireTap } from './wireTap.js';
export { zipWithIndex } from './zipWithIndex.js';
export { buffer } from './buffer.js';
export { batch } from './batch.js';
export { batchWeighted } from './batchWeighted.js';
export { conflate } from './conflate.js';
export { conflateWithSeed } from './conflateWithSeed.js';
export { expand } from './expand.js';
export { extrapolate } from './extrapolate.js';
export { fromFunction } from './fromFunction.js';
export { fromSinkAndSource, fromSinkAndSourceMat } from './fromSinkAndSource.js';
export {
  fromSinkAndSourceCoupled,
  fromSinkAndSourceCoupledMat,
} from './fromSinkAndSourceCoupled.js';
export { futureFlow } from './futureFlow.js';
export { lazyFlow } from './lazyFlow.js';
export { lazyFutureFlow, type FlowOrPromise } from './lazyFutureFlow.js';
export { contramap } from './contramap.js';
export { dimap } from './dimap.js';
export { groupedWeighted } from './groupedWeighted.js';
export { mapWithResource } from './mapWithResource.js';

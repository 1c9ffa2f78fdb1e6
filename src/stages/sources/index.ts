// Sources added after the core set; single, from, range, repeat, empty, failed and fromPromise are
// exported by name from ../index.ts.
export { cycle } from './cycle.js';
export { lazySource, NeverMaterializedError } from './lazySource.js';
export { maybe } from './maybe.js';
export { never } from './never.js';
export { unfold } from './unfold.js';
export { unfoldAsync } from './unfoldAsync.js';
export { unfoldResource } from './unfoldResource.js';
export { unfoldResourceAsync } from './unfoldResourceAsync.js';
export { tick } from './tick.js';
export { fromIterator } from './fromIterator.js';
export { futureSource } from './futureSource.js';
export { lazyFuture } from './lazyFuture.js';
export { lazyFutureSource } from './lazyFutureSource.js';
export { lazySingle } from './lazySingle.js';
export { preMaterializeSource } from './preMaterialize.js';

// Importing an operator's module installs its DSL method, so every operator is imported here.
export { Deferred } from './Deferred.js';
export { addFlowFactory, addFlowOperator, addSinkFactory, addSourceFactory } from './fluent.js';
export { deciderOf } from './supervision.js';
export { filter } from './flows/filter.js';
export { fold } from './flows/fold.js';
export { identity } from './flows/identity.js';
export { map } from './flows/map.js';
export { scan } from './flows/scan.js';
export { take } from './flows/take.js';
export { empty, failed } from './sources/empty.js';
export { from } from './sources/from.js';
export { fromPromise } from './sources/fromPromise.js';
export { range } from './sources/range.js';
export { repeat } from './sources/repeat.js';
export { single } from './sources/single.js';
export { foldSink, foreach, ignore, seq } from './sinks/fold.js';
export { head, headOption, last, lastOption, NoSuchElementError } from './sinks/head.js';

// Sinks added after the core set; seq, fold, foreach, ignore, head and last are exported by name
// from ../index.ts.
export { cancelled } from './cancelled.js';
export { foreachAsync } from './foreachAsync.js';
export { onComplete, type Completion } from './onComplete.js';
export { reduceSink } from './reduceSink.js';
export { futureSink } from './futureSink.js';
export { lazyFutureSink, type SinkOrPromise } from './lazyFutureSink.js';
export { lazySink } from './lazySink.js';
export { count } from './count.js';
export { takeLast } from './takeLast.js';
export { preMaterializeSink } from './preMaterialize.js';
import './runShortcuts.js';

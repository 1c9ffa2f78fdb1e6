export { foldAsync } from './foldAsync.js';
export { mapAsync } from './mapAsync.js';
export { mapAsyncPartitioned } from './mapAsyncPartitioned.js';
export { mapAsyncUnordered } from './mapAsyncUnordered.js';
export { scanAsync } from './scanAsync.js';

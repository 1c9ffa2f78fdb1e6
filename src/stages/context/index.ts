export { asSourceWithContext, SourceWithContext } from './SourceWithContext.js';

export type { NotOnContextDsl } from './NotOnContextDsl.js';
export {
  ContextOps,
  type ContextDsl,
  type ContextKind,
  type ContextRepr,
  type WithContext,
} from './ContextOps.js';
export { asFlowWithContext, FlowWithContext } from './FlowWithContext.js';
export { asSourceWithContext, SourceWithContext } from './SourceWithContext.js';

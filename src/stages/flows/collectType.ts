import { type Flow, type NotUsed, requireFunction, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { collect } from './collect.js';

/**
 * Passes the elements that are instances of `type`, narrowed to it (Pekko's `collectType`; a
 * TypeScript type has no runtime form, so the class stands for it).
 * - Emits when: upstream pushes an instance of `type`.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @example
 * ```ts
 * Source.from<unknown>([new Date(0), 'x']).collectType(Date); // the Date only
 * ```
 * @throws TypeError if `type` is not a class (a function).
 * @see collect
 */
export function collectType<In, T extends In>(
  type: abstract new (...args: never[]) => T,
): Flow<In, T, NotUsed> {
  requireFunction('collectType', 'type', type);
  return collect((element: In): element is T => element instanceof type).named('collectType');
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes the instances of `type`; see {@link collectType}. */
    collectType<T extends Out>(type: abstract new (...args: never[]) => T): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('collectType', collectType);

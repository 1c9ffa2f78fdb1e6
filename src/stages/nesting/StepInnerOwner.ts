import type { GraphStageLogic, Materializer, StepContext } from '../../core/index.js';
import type { FusedInner, FusedInnerOwner } from './FusedInner.js';

/** @internal Marks an empty slot for an element held by a step that owns inner sources. */
export const None: unique symbol = Symbol('None');

/**
 * @internal The most elements of inner sources dropped in a row (by a filter) before such a step
 * hands the chain its turn back.
 */
export const MaxEmptyTurns = 64;

/**
 * @internal A step of a fused chain that runs inner sources as {@link FusedInner}s: they run in its
 * chain's logic, with its chain's materializer.
 */
export abstract class StepInnerOwner<U> implements FusedInnerOwner<U> {
  constructor(protected readonly context: StepContext) {}

  get logic(): GraphStageLogic {
    return this.context.logic;
  }

  get materializer(): Materializer {
    return this.context.materializer;
  }

  abstract readonly outName: string;
  abstract innerElement(element: U): void;
  abstract innerWoke(inner: FusedInner<U>): void;
  abstract innerLabel(id: number): string;
}

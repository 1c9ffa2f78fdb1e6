import type { GraphStageLogic, Materializer, StepContext } from '../../core/index.js';
import type { FusedInner, FusedInnerOwner } from './FusedInner.js';

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

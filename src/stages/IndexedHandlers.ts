import type { InHandler, OutHandler } from '../core/index.js';

/** A logic with many inputs handled alike: fan-in stages dispatch on the inlet's index. */
export interface IndexedInputs {
  onInputPush(index: number): void;
  onInputFinish(index: number): void;
  /** Input `index` failed; without this method the stage fails (the default). */
  onInputFailure?(index: number, error: unknown): void;
  failStage(error: unknown): void;
}

/** A logic with many outputs handled alike: fan-out stages dispatch on the outlet's index. */
export interface IndexedOutputs {
  onOutputPull(index: number): void;
  onOutputCancel(index: number, cause: unknown): void;
}

/**
 * @internal The handler of input `index` of a fan-in logic. One is made per port when the logic
 * is built, so no closure is created per element.
 */
export class IndexedInput implements InHandler {
  constructor(
    private readonly logic: IndexedInputs,
    private readonly index: number,
  ) {}
  onPush(): void {
    this.logic.onInputPush(this.index);
  }
  onUpstreamFinish(): void {
    this.logic.onInputFinish(this.index);
  }
  onUpstreamFailure(error: unknown): void {
    if (this.logic.onInputFailure !== undefined) this.logic.onInputFailure(this.index, error);
    else this.logic.failStage(error);
  }
}

/** @internal The handler of output `index` of a fan-out logic; see {@link IndexedInput}. */
export class IndexedOutput implements OutHandler {
  constructor(
    private readonly logic: IndexedOutputs,
    private readonly index: number,
  ) {}
  onPull(): void {
    this.logic.onOutputPull(this.index);
  }
  onDownstreamFinish(cause: unknown): void {
    this.logic.onOutputCancel(this.index, cause);
  }
}

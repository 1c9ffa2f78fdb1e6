import { PortMisuseError } from './errors.js';
import type { FusedLogic } from './FusedLogic.js';
import type { Materializer } from './Materializer.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Outlet } from './Outlet.js';
import type { SinkStep, StepContext, StepExpansion, StepGate, StepSink } from './StepSink.js';

// The small objects a FusedLogic wires between its steps; they call back into the logic.

/** @internal */
export class ChainGate implements StepGate {
  open = false;
  close(): void {
    this.open = false;
  }
}

/** The outlet end of a chain without a sink. */
export class OutletTail implements StepSink<unknown> {
  /** The outlet was pulled and nothing was pushed since. */
  demand = false;
  constructor(
    private readonly logic: FusedLogic,
    private readonly out: Outlet<unknown>,
  ) {}
  onElement(element: unknown): void {
    if (this.demand) {
      this.demand = false;
      this.logic.push(this.out, element);
    } else {
      // Only a step finishing on completion emits without demand; `emit` waits for the pull.
      this.logic.emit(this.out, element);
    }
  }
  onComplete(): void {
    this.logic.endChain();
  }
}

/** Sits after the source to hold its completion back while an expansion it caused runs. */
export class SourceGuard implements StepSink<unknown> {
  constructor(
    private readonly logic: FusedLogic,
    private readonly head: StepSink<unknown>,
  ) {}
  onElement(element: unknown): void {
    this.head.onElement(element);
  }
  onComplete(): void {
    this.logic.sourceCompleted();
  }
}

/** Sits before a chain's sink step to notice when the chain ends. */
export class SinkTail implements StepSink<unknown> {
  /** Elements that reached the sink: the chain's yield budget counts them. */
  count = 0;
  private done = false;
  constructor(
    private readonly logic: FusedLogic,
    private readonly sink: SinkStep<unknown>,
  ) {}
  onElement(element: unknown): void {
    this.count++;
    this.sink.onElement(element);
  }
  onComplete(): void {
    if (this.done) return;
    this.done = true;
    this.sink.onComplete();
    this.logic.endChain();
  }
}

export class ChainContext implements StepContext {
  constructor(
    private readonly fused: FusedLogic,
    private readonly index: number,
    private readonly outName: string,
  ) {}
  get label(): string {
    return this.fused.stepLabel(this.index);
  }
  cancelUpstream(): void {
    this.fused.cancelUpstream();
  }
  illegalElement(element: unknown): PortMisuseError {
    const label = this.label;
    return new PortMisuseError(
      label,
      this.outName,
      `${label}: cannot push ${String(element)} to port '${this.outName}': null and undefined are not legal stream elements`,
    );
  }
  expand(expansion: StepExpansion): void {
    this.fused.expand(expansion);
  }
  wake(): void {
    this.fused.wake();
  }
  get gate(): StepGate {
    return this.fused.gate;
  }
  get materializer(): Materializer {
    return this.fused.materializer;
  }
  get logic(): GraphStageLogic {
    return this.fused;
  }
}

import type { AsyncCallback } from './AsyncCallback.js';
import { type Connection, pushOn } from './Connection.js';
import { PortMisuseError } from './errors.js';
import type { FusedLogic } from './FusedLogic.js';
import type { Materializer } from './Materializer.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Outlet } from './Outlet.js';
import type {
  SinkStep,
  SourceDownstream,
  StepContext,
  StepExpansion,
  StepGate,
  StepSink,
} from './StepSink.js';

// The small objects a FusedLogic wires between its steps; they call back into the logic.

/**
 * @internal Every emitter that bursts reads `open` before its second and later elements, so the
 * reads bound what a burst emitted: the chain charges them to its yield budget, with no counter
 * on each element's path to the sink.
 */
export class ChainGate implements StepGate {
  private isOpen = false;
  /** Reads of `open` so far. */
  reads = 0;
  get open(): boolean {
    this.reads++;
    return this.isOpen;
  }
  set open(open: boolean) {
    this.isOpen = open;
  }
  close(): void {
    this.isOpen = false;
  }
}

/** @internal Resumes a chain on the event loop's next turn, once however often it is asked. */
export class ChainResume {
  private immediate: NodeJS.Immediate | undefined = undefined;
  /** Bound once, so a yield allocates no closure. */
  private readonly fire = (): void => {
    this.immediate = undefined;
    this.callback.invoke(undefined);
  };

  constructor(private readonly callback: AsyncCallback<undefined>) {}

  schedule(): void {
    this.immediate ??= setImmediate(this.fire);
  }

  cancel(): void {
    if (this.immediate === undefined) return;
    clearImmediate(this.immediate);
    this.immediate = undefined;
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
      // The chain's own outlet: pushed through its connection, with `push` only for the error.
      if (!pushOn(this.logic.rt.outConns[this.out.id] as Connection, element))
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

/**
 * Sits after the source to hold its completion back while an expansion it caused runs. The
 * source may send its elements straight to `next`.
 */
export class SourceGuard implements SourceDownstream<unknown> {
  constructor(
    private readonly logic: FusedLogic,
    readonly next: StepSink<unknown>,
  ) {}
  onElement(element: unknown): void {
    this.next.onElement(element);
  }
  onComplete(): void {
    this.logic.sourceCompleted();
  }
}

/**
 * Sits before a chain's sink step to notice when the chain ends, unless the step ends the chain
 * itself ({@link SinkStep.endsChainOnComplete}).
 */
export class SinkTail implements StepSink<unknown> {
  private done = false;
  constructor(
    private readonly logic: FusedLogic,
    private readonly sink: SinkStep<unknown>,
  ) {}
  onElement(element: unknown): void {
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
    /** @internal The chain's logic: a hosted stage's step works with it directly. */
    readonly fused: FusedLogic,
    private readonly index: number,
    private readonly outName: string,
  ) {}
  get label(): string {
    return this.fused.stepLabel(this.index);
  }
  cancelUpstream(): void {
    this.fused.cancelUpstream(this.index);
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

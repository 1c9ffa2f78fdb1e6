import type { Attributes } from './Attributes.js';
import type { FusableSink } from './FusableSink.js';
import type { FusableSource } from './FusableSource.js';
import { ChainContext, OutletTail, SinkTail, SourceGuard } from './fusedChainParts.js';
import type { FusedLogic } from './FusedLogic.js';
import type { Outlet } from './Outlet.js';
import type { SourceStep, StepContext, StepSink } from './StepSink.js';

/**
 * @internal What a chain's flow stage gives the chain: a `FusableFlow`, or a classic stage
 * the materializer hosts (`HostedStep.ts`).
 */
export interface ChainFlow {
  readonly shape: { readonly out: Outlet<unknown> };
  createStep(
    downstream: StepSink<unknown>,
    context: StepContext,
    attributes: Attributes,
  ): StepSink<unknown>;
}

/** @internal A fused chain's steps, wired sink first. */
export interface ChainWiring {
  /** The first step elements are handed to: a flow step, or the tail. */
  readonly head: StepSink<unknown>;
  readonly source: SourceStep | undefined;
  readonly sinkMat: unknown;
  /** The outlet end of the chain; undefined when a sink ends it. */
  readonly tail: OutletTail | undefined;
  /** Every step, source first, for `onStart`, `onError` and `onStop`. */
  readonly steps: (StepSink<unknown> | SourceStep)[];
}

/**
 * @internal Creates the steps of `logic`'s chain, sink first, each handed the one below it.
 * `attributes` holds one entry per stage, source first; a chain without a sink ends at `out`.
 */
export function wireChain(
  logic: FusedLogic,
  out: Outlet<unknown> | undefined,
  source: FusableSource<unknown> | undefined,
  flows: readonly ChainFlow[],
  sink: FusableSink<unknown, unknown> | undefined,
  attributes: readonly Attributes[],
): ChainWiring {
  const steps: (StepSink<unknown> | SourceStep)[] = [];
  let index = attributes.length - 1;
  let downstream: StepSink<unknown>;
  let sinkMat: unknown;
  let tail: OutletTail | undefined;
  if (sink !== undefined) {
    const [step, mat] = sink.createSinkStep(
      new ChainContext(logic, index, ''),
      attributes[index] as Attributes, // non-null: one entry per stage
    );
    sinkMat = mat;
    downstream = step.endsChainOnComplete === true ? step : new SinkTail(logic, step);
    steps.push(step);
    index--;
  } else {
    tail = new OutletTail(logic, out as Outlet<unknown>); // a chain without a sink has an outlet
    downstream = tail;
  }
  for (let i = flows.length - 1; i >= 0; i--, index--) {
    const flow = flows[i] as ChainFlow; // non-null: index in range
    downstream = flow.createStep(
      downstream,
      new ChainContext(logic, index, flow.shape.out.name),
      attributes[index] as Attributes, // non-null: one entry per stage
    );
    steps.push(downstream);
  }
  let sourceStep: SourceStep | undefined;
  if (source !== undefined) {
    sourceStep = source.createSourceStep(
      new SourceGuard(logic, downstream),
      new ChainContext(logic, index, source.shape.out.name),
      attributes[index] as Attributes, // non-null: one entry per stage
    );
    steps.push(sourceStep);
  }
  return { head: downstream, source: sourceStep, sinkMat, tail, steps: steps.reverse() };
}

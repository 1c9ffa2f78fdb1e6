import {
  type Attributes,
  Flow,
  type FlowOps,
  type FlowShape,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  requirePositiveInt,
  type RunnableGraph,
  Sink,
  SinkShape,
  Source,
} from '../../core/index.js';
import { addOperatorTarget } from '../fluent.js';
import { identity } from '../flows/identity.js';
import { FlatMapMerge } from './flatMapMerge.js';

/** Whether a SubFlow hangs off a Source or a Flow: it decides what closing it gives back. */
export type SubFlowKind = 'source' | 'flow';

/** The `FlowOps` kind of a SubFlow over a Source or over a Flow. */
interface SubOpsKind {
  readonly source: 'subSource';
  readonly flow: 'subFlow';
}

declare module '../../core/FlowOps.js' {
  interface ReprOf<In, Out, Mat> {
    readonly subSource: SubFlow<Out, Mat, 'source', In>;
    readonly subFlow: SubFlow<Out, Mat, 'flow', In>;
  }
}

/** What merging a SubFlow gives back: a Source, or a Flow, with the parent's materialized value. */
export type MergedSubFlow<Kind extends SubFlowKind, In, Out, Mat> = Kind extends 'source'
  ? Source<Out, Mat>
  : Flow<In, Out, Mat>;

/** What `SubFlow.to(sink)` gives back: a RunnableGraph, or a Sink, with the parent's value. */
export type ClosedSubFlow<Kind extends SubFlowKind, In, Mat> = Kind extends 'source'
  ? RunnableGraph<Mat>
  : Sink<In, Mat>;

/** How a SubFlow is closed into one stream again. */
export type SubFlowClosing = 'mergeSubstreams' | 'concatSubstreams';

/**
 * Builds the whole merged stream as one fused stage when `perSubstream` and `closing` allow it
 * (the parent with a fused split-and-merge stage attached), or gives `undefined`.
 */
type FusedMerge = (
  perSubstream: Flow<unknown, unknown, unknown>,
  closing: SubFlowClosing,
) => unknown;

/** The parent before the splitting stage, for the fused path. */
interface FusableParent {
  via(flow: Graph<FlowShape<unknown, unknown>, unknown>): unknown;
}

/** The parent with the splitting stage attached: it emits one source per substream. */
interface Parent {
  via(flow: Graph<FlowShape<Source<unknown, NotUsed>, unknown>, unknown>): unknown;
  to(sink: Graph<SinkShape<Source<unknown, NotUsed>>, unknown>): unknown;
}

/**
 * The substreams of `groupBy`, `splitWhen` or `splitAfter`: every operator (`map`, `fold`,
 * `mapAsync`, ..., or any flow with `via`) runs on each substream, and `mergeSubstreams`,
 * `concatSubstreams` or `to` closes them.
 *
 * Design: a SubFlow holds one per-substream `Flow` and grows it with `via`. It carries every
 * operator of {@link FlowOps} (each declared once for Source, Flow and SubFlow), returning a
 * SubFlow; those that change the materialized value or open substreams (`watchTermination`,
 * `groupBy`) are a Source's and a Flow's only, as in Akka. `Kind` records whether the parent is
 * a Source or a Flow (with input `In`), so that closing gives back the same kind with the
 * parent's materialized value `Mat`.
 *
 * @example
 * ```ts
 * import { Source } from 'sluice';
 *
 * const sums = Source.range(1, 10)
 *   .groupBy(2, (x) => x % 2)
 *   .fold(0, (a, x) => a + x)
 *   .mergeSubstreams(); // 25 and 30, in either order
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface after the class
export class SubFlow<Out, Mat, Kind extends SubFlowKind, In = never> {
  /** @internal */
  constructor(
    private readonly parent: Parent,
    /** The flow every substream runs through; its input type is the parent's element type. */
    private readonly perSubstream: Flow<unknown, Out, unknown>,
    /** How many substreams can be open at once: the breadth `mergeSubstreams` runs with. */
    private readonly maxOpen: number,
    private readonly fusedMerge?: FusedMerge,
  ) {}

  /** Adds `flow` to every substream. */
  via<U>(flow: Graph<FlowShape<Out, U>, unknown>): SubFlow<U, Mat, Kind, In> {
    // The first operator replaces the starting identity: a substream runs no stage for it.
    const next =
      this.perSubstream === noStages
        ? (Flow.fromGraph(flow) as Flow<unknown, U, unknown>)
        : this.perSubstream.via(flow);
    return new SubFlow(this.parent, next, this.maxOpen, this.fusedMerge);
  }

  /** Adds attributes to every stage of each substream composed so far. */
  withAttributes(attributes: Attributes): SubFlow<Out, Mat, Kind, In> {
    return new SubFlow(
      this.parent,
      this.perSubstream.withAttributes(attributes),
      this.maxOpen,
      this.fusedMerge,
    );
  }

  /**
   * Runs every substream as it opens and merges their elements (see `flatMapMerge`). After
   * `groupBy`, `splitWhen` or `splitAfter`, a per-substream flow of fusable operators (`map`,
   * `filter`, `scan`, `take`, ...) runs fused, each substream's steps inside one stage, with the
   * same results.
   */
  mergeSubstreams(): MergedSubFlow<Kind, In, Out, Mat> {
    const fused = this.fusedMerge?.(this.perSubstream, 'mergeSubstreams');
    if (fused !== undefined) return fused as MergedSubFlow<Kind, In, Out, Mat>;
    return this.merged(this.maxOpen, 'mergeSubstreams');
  }

  /**
   * Runs at most `parallelism` substreams at once, merged. With `groupBy`, fewer than the number
   * of live keys can deadlock: an element for a substream that is not running waits forever.
   * @throws RangeError if `parallelism` is not a positive integer.
   */
  mergeSubstreamsWithParallelism(parallelism: number): MergedSubFlow<Kind, In, Out, Mat> {
    requirePositiveInt('mergeSubstreamsWithParallelism', 'parallelism', parallelism);
    return this.merged(parallelism, 'mergeSubstreams');
  }

  /**
   * Runs the substreams one after the other, in the order they opened (see `flatMapConcat`).
   * With `groupBy` this deadlocks once a second key arrives while the first substream is open.
   * After `splitWhen` or `splitAfter`, a per-substream flow of fusable operators runs fused, one
   * substream's steps after the other's inside one stage, with the same results.
   */
  concatSubstreams(): MergedSubFlow<Kind, In, Out, Mat> {
    const fused = this.fusedMerge?.(this.perSubstream, 'concatSubstreams');
    if (fused !== undefined) return fused as MergedSubFlow<Kind, In, Out, Mat>;
    return this.merged(1, 'concatSubstreams');
  }

  /** Runs each substream into its own materialization of `sink`; keeps the parent's value. */
  to(sink: Graph<SinkShape<Out>, unknown>): ClosedSubFlow<Kind, In, Mat> {
    return this.parent.to(Sink.fromGraph(new RunEach(this.perSubstream, sink))) as ClosedSubFlow<
      Kind,
      In,
      Mat
    >;
  }

  private merged(breadth: number, name: string): MergedSubFlow<Kind, In, Out, Mat> {
    const perSubstream = this.perSubstream;
    const stage = new FlatMapMerge<Source<unknown, NotUsed>, Out>(
      breadth,
      (source) =>
        perSubstream === noStages ? (source as Source<Out, NotUsed>) : source.via(perSubstream),
      name,
    );
    return this.parent.via(Flow.fromGraph(stage)) as MergedSubFlow<Kind, In, Out, Mat>;
  }
}

/** The operators of a {@link SubFlow}: see `FlowOps`, installed by `addOperatorTarget`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the members are FlowOps's
export interface SubFlow<Out, Mat, Kind extends SubFlowKind, In = never> extends FlowOps<
  In,
  Out,
  Mat,
  SubOpsKind[Kind]
> {}
addOperatorTarget(SubFlow.prototype);

/** The per-substream flow of a SubFlow with no operator yet. */
const noStages = identity<unknown>();

/** @internal Builds the SubFlow of a parent whose splitting stage is attached. */
export function subFlowOf<T, Mat, Kind extends SubFlowKind, In>(
  parent: Parent,
  maxOpen: number,
  fusedMerge?: FusedMerge,
): SubFlow<T, Mat, Kind, In> {
  return new SubFlow(parent, noStages as Flow<unknown, T, NotUsed>, maxOpen, fusedMerge);
}

/**
 * @internal Installs a splitting operator as a method of Source and Flow: `factory` makes the
 * flow that emits one source per substream, and the method wraps the result in a SubFlow that
 * merges with breadth `maxOpen(...args)`.
 */
export function addSubFlowOperator(
  name: string,
  factory: (...args: never[]) => object,
  maxOpen: (...args: never[]) => number,
  fuse?: (
    ...args: never[]
  ) => (
    perSubstream: Flow<unknown, unknown, unknown>,
    closing: SubFlowClosing,
  ) => Graph<FlowShape<unknown, unknown>, unknown> | undefined,
): void {
  const method = function (this: Parent, ...args: never[]): unknown {
    const stage = factory(...args) as Graph<FlowShape<Source<unknown, NotUsed>, unknown>, unknown>;
    const fusedMerge =
      fuse === undefined
        ? undefined
        : (perSubstream: Flow<unknown, unknown, unknown>, closing: SubFlowClosing): unknown => {
            const flow = fuse(...args)(perSubstream, closing);
            return flow === undefined ? undefined : (this as unknown as FusableParent).via(flow);
          };
    return subFlowOf(this.via(stage) as Parent, maxOpen(...args), fusedMerge);
  };
  for (const target of [Source.prototype, Flow.prototype]) {
    Object.defineProperty(target, name, { value: method, writable: true, configurable: true });
  }
}

/** The sink behind `SubFlow.to`: materializes every substream it receives into the sink. */
class RunEach<Out> extends GraphStage<SinkShape<Source<unknown, NotUsed>>> {
  readonly shape = new SinkShape(new Inlet<Source<unknown, NotUsed>>('subFlowTo.in'));
  constructor(
    readonly perSubstream: Flow<unknown, Out, unknown>,
    readonly sink: Graph<SinkShape<Out>, unknown>,
  ) {
    super('subFlowTo');
  }
  createLogic(): GraphStageLogic {
    return new RunEachLogic(this);
  }
}

class RunEachLogic<Out> extends GraphStageLogic implements InHandler {
  constructor(private readonly stage: RunEach<Out>) {
    super(stage.shape);
    this.setHandler(stage.shape.in, this);
  }
  override preStart(): void {
    this.pull(this.stage.shape.in);
  }
  onPush(): void {
    const source = this.grab(this.stage.shape.in);
    source.via(this.stage.perSubstream).runWith(this.stage.sink, this.materializer);
    this.pull(this.stage.shape.in);
  }
}

import {
  type Graph,
  GraphDSL,
  GraphStage,
  GraphStageLogic,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  requirePositiveInt,
  Source,
  SourceShape,
  UniformFanInShape,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';
import { IndexedInput, type IndexedInputs } from '../IndexedHandlers.js';

/**
 * A junction that takes one element from each of `n` inputs and combines them with `f` (the array
 * is fresh per emission, so `f` may keep it).
 * - Emits when: every input has an element available.
 * - Backpressures when: downstream backpressures; an input that delivered waits for the others.
 * - Completes when: one of the inputs completes (once its pending element, if any, was used).
 * - Cancels when: downstream cancels.
 * @throws RangeError if `n` is not a positive integer; TypeError if `f` is not a function.
 * @see zipWith, Source.zipN
 */
export function zipWithN<A, Out>(
  f: (elements: A[]) => Out,
  n: number,
): GraphStage<UniformFanInShape<A, Out>> {
  requireFunction('zipWithN', 'f', f);
  requirePositiveInt('zipWithN', 'n', n);
  return new ZipWithN(f, n);
}

class ZipWithN<A, Out> extends GraphStage<UniformFanInShape<A, Out>> {
  readonly shape: UniformFanInShape<A, Out>;
  constructor(
    readonly f: (elements: A[]) => Out,
    n: number,
  ) {
    super('zipWithN');
    this.shape = UniformFanInShape.named<A, Out>('zipWithN', n);
  }
  createLogic(): GraphStageLogic {
    return new ZipWithNLogic(this);
  }
}

class ZipWithNLogic<A, Out> extends GraphStageLogic implements OutHandler, IndexedInputs {
  private readonly ins: readonly Inlet<A>[];
  private readonly out: Outlet<Out>;
  /** Inputs that hold an element. */
  private ready = 0;
  private willShutDown = false;
  constructor(private readonly stage: ZipWithN<A, Out>) {
    super(stage.shape);
    this.ins = stage.shape.inlets;
    this.out = stage.shape.out;
    this.ins.forEach((inlet, i) => {
      this.setHandler(inlet, new IndexedInput(this, i));
    });
    this.setHandler(this.out, this);
  }
  onPull(): void {
    for (const inlet of this.ins) if (!this.isAvailable(inlet)) this.pull(inlet);
  }
  onInputPush(): void {
    if (++this.ready < this.ins.length) return;
    this.ready = 0;
    this.push(this.out, this.stage.f(this.ins.map((inlet) => this.grab(inlet))));
    if (this.willShutDown) this.completeStage();
  }
  onInputFinish(index: number): void {
    if (this.isAvailable(this.ins[index] as Inlet<A>)) this.willShutDown = true;
    else this.completeStage();
  }
}

/** Zips the sources with `f`, one element of each per emission; see {@link zipWithN}. */
export function zipWithNSources<A, Out>(
  f: (elements: A[]) => Out,
  sources: readonly Graph<SourceShape<A>, unknown>[],
): Source<Out, NotUsed> {
  requirePositiveInt('Source.zipWithN', 'sources.length', sources.length);
  return Source.fromGraph(
    GraphDSL.create((b) => {
      const zip = b.add(zipWithN(f, sources.length));
      sources.forEach((s, i) => {
        b.connect(b.add(s).out, zip.in(i));
      });
      return new SourceShape(zip.out);
    }),
  );
}

function toArray<A>(elements: A[]): A[] {
  return elements;
}

/** Zips the sources into arrays, one element of each; see {@link zipWithN}. */
export function zipN<A>(sources: readonly Graph<SourceShape<A>, unknown>[]): Source<A[], NotUsed> {
  return zipWithNSources(toArray, sources);
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** Zips the sources with `f`; see {@link zipWithN}. */
    function zipWithN<A, Out>(
      f: (elements: A[]) => Out,
      sources: readonly Graph<SourceShape<A>, unknown>[],
    ): Source<Out, NotUsed>;
    /** Zips the sources into arrays; see {@link zipWithN}. */
    function zipN<A>(sources: readonly Graph<SourceShape<A>, unknown>[]): Source<A[], NotUsed>;
  }
}
addSourceFactory('zipWithN', zipWithNSources);
addSourceFactory('zipN', zipN);

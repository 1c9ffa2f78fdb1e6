import {
  Flow,
  type FlowShape,
  type Graph,
  GraphDSL,
  type GraphStage,
  NotUsed,
  requireFunction,
  Source,
  SourceShape,
  type UniformFanInShape,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';
import { chainsOf } from './chainsOf.js';
import { Concat } from './concat.js';
import { ConcatChains } from './ConcatChains.js';
import { Interleave } from './interleave.js';
import { InterleaveChains } from './InterleaveChains.js';
import { Merge } from './merge.js';
import { MergeSources } from './mergeSources.js';

/**
 * One source made of several, through the fan-in junction `strategy(n)` makes: `merge`, `concat`,
 * `interleave`, ... (`Source.combine([a, b, c], (n) => merge(n))`). A `merge` of sources that are
 * all plain fused chains (`Source.from`, `range`, with `map`, `filter`, ...) runs as one fused
 * source that takes them in turn; a `concat`, or an `interleave` without `eagerClose`, whose
 * sources after the first are all plain fused chains runs as `first.concat(...)` or
 * `first.interleaveAll(...)` does, those sources inside a step of the stream.
 * - Emits when, Backpressures when, Completes when: as the junction does.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `sources` is empty; TypeError if `strategy` is not a function.
 * @see Sink.combine, merge, concat
 */
export function combine<T, Out>(
  sources: readonly Graph<SourceShape<T>, unknown>[],
  strategy: (n: number) => GraphStage<UniformFanInShape<T, Out>>,
): Source<Out, NotUsed> {
  if (sources.length === 0)
    throw new RangeError('Source.combine: sources must not be empty, got 0 sources');
  requireFunction('Source.combine', 'strategy', strategy);
  const stage = strategy(sources.length);
  if (stage instanceof Merge) {
    // Plain fused sources merge inside one step, as Pekko's combine turns a Merge into mergeAll.
    const chains = chainsOf(sources);
    if (chains !== undefined) {
      const merged = Source.fromGraph(new MergeSources(chains, stage.eagerComplete));
      return merged as unknown as Source<Out, NotUsed>; // a merge emits what it takes: Out is T
    }
  }
  const fused = fusedAfterFirst(stage, sources.slice(1));
  if (fused !== undefined) {
    const first = sources[0] as Graph<SourceShape<T>, unknown>; // non-null: not empty
    const out = Source.fromGraph(first)
      .via(fused)
      .mapMaterializedValue((): NotUsed => NotUsed);
    return out as unknown as Source<Out, NotUsed>; // concat and interleave emit what they take
  }
  return Source.fromGraph(
    GraphDSL.create((b) => {
      const junction = b.add(stage);
      sources.forEach((s, i) => {
        b.connect(b.add(s).out, junction.in(i));
      });
      return new SourceShape(junction.out);
    }),
  );
}

/** The fused step that runs `rest` after (or between) the first source's elements, if any. */
function fusedAfterFirst<T>(
  stage: GraphStage<UniformFanInShape<T, unknown>>,
  rest: readonly Graph<SourceShape<T>, unknown>[],
): Flow<T, T, NotUsed> | undefined {
  let fused: Graph<FlowShape<T, T>, NotUsed> | undefined;
  if (stage instanceof Concat) fused = ConcatChains.of(rest, false, 'concat');
  else if (stage instanceof Interleave && !stage.eagerClose)
    fused = InterleaveChains.of(rest, stage.segmentSize, 'interleave');
  return fused === undefined ? undefined : Flow.fromGraph(fused);
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** One source made of several through a fan-in junction; see {@link combine}. */
    function combine<T, Out>(
      sources: readonly Graph<SourceShape<T>, unknown>[],
      strategy: (n: number) => GraphStage<UniformFanInShape<T, Out>>,
    ): Source<Out, NotUsed>;
  }
}
addSourceFactory('combine', combine);

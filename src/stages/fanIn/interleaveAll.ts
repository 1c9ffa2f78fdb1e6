import {
  Flow,
  type Graph,
  type NotUsed,
  requirePositiveInt,
  type SourceShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInAllFlow } from './fanInFlow.js';
import { interleave } from './interleave.js';
import { InterleaveChains } from './InterleaveChains.js';

/**
 * Takes `segmentSize` elements from this stream, then from each of `those` in order, and round
 * again; a completed input is skipped. It is the `interleave` junction with `those.length + 1`
 * inputs, this stream first.
 * - Emits when: the current input has an element available.
 * - Backpressures when: downstream backpressures (only the current input is pulled).
 * - Completes when: all inputs complete, or any input completes when `eagerClose` is set.
 * - Cancels when: downstream cancels (every input is cancelled).
 * @throws RangeError if `segmentSize` is not a positive integer.
 * @see interleave, concatAllLazy
 */
export function interleaveAll<T>(
  those: readonly Graph<SourceShape<T>, unknown>[],
  segmentSize: number,
  eagerClose = false,
): Flow<T, T, NotUsed> {
  requirePositiveInt('interleaveAll', 'segmentSize', segmentSize);
  const fused = eagerClose ? undefined : InterleaveChains.of(those, segmentSize, 'interleaveAll');
  if (fused !== undefined) return Flow.fromGraph(fused);
  return fanInAllFlow(interleave<T>(those.length + 1, segmentSize, eagerClose), those);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Takes `segmentSize` elements from this stream and each of `those` in turn; see {@link interleaveAll}. */
    interleaveAll(
      those: readonly Graph<SourceShape<Out>, unknown>[],
      segmentSize: number,
      eagerClose?: boolean,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('interleaveAll', interleaveAll);

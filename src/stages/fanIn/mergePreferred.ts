import {
  type Flow,
  type Graph,
  GraphStage,
  type GraphStageLogic,
  Inlet,
  type NotUsed,
  Outlet,
  requirePositiveInt,
  RingBuffer,
  type SourceShape,
  UniformFanInShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInFlow } from './fanInFlow.js';
import { MergeLogic } from './MergeLogic.js';

/**
 * A merge with one preferred input: `in(0)` is preferred, `in(1)` to `in(secondaryPorts)` are
 * served first come first served only while the preferred input has nothing waiting.
 * - Emits when: one of the inputs has an element available, the preferred one first.
 * - Backpressures when: downstream backpressures.
 * - Completes when: all inputs complete, or any input completes when `eagerComplete` is set.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `secondaryPorts` is not a positive integer.
 * @see merge, mergePrioritized
 */
export function mergePreferred<T>(
  secondaryPorts: number,
  eagerComplete = false,
): GraphStage<UniformFanInShape<T, T>> {
  requirePositiveInt('mergePreferred', 'secondaryPorts', secondaryPorts);
  return new MergePreferred<T>(secondaryPorts, eagerComplete);
}

class MergePreferred<T> extends GraphStage<UniformFanInShape<T, T>> {
  readonly shape: UniformFanInShape<T, T>;
  constructor(
    secondaryPorts: number,
    readonly eagerComplete: boolean,
  ) {
    super('mergePreferred');
    this.shape = new UniformFanInShape(new Outlet<T>('mergePreferred.out'), [
      new Inlet<T>('mergePreferred.preferred'),
      ...Array.from({ length: secondaryPorts }, (_, i) => new Inlet<T>(`mergePreferred.in${i}`)),
    ]);
  }
  createLogic(): GraphStageLogic {
    return new MergePreferredLogic(this.shape, this.eagerComplete);
  }
}

class MergePreferredLogic<T> extends MergeLogic<T> {
  /** Whether the preferred input (index 0) holds an element. */
  private preferredWaiting = false;
  private readonly secondary: RingBuffer<number>;
  constructor(shape: UniformFanInShape<T, T>, eagerComplete: boolean) {
    super(shape, eagerComplete);
    this.secondary = new RingBuffer<number>(shape.inlets.length);
  }
  protected enqueue(index: number): void {
    if (index === 0) this.preferredWaiting = true;
    else this.secondary.enqueue(index);
  }
  protected dequeue(): number {
    if (this.preferredWaiting) {
      this.preferredWaiting = false;
      return 0;
    }
    return this.secondary.dequeue();
  }
}

function mergePreferredWith<T>(
  that: Graph<SourceShape<T>, unknown>,
  preferred: boolean,
  eagerComplete = false,
): Flow<T, T, NotUsed> {
  return fanInFlow(mergePreferred<T>(1, eagerComplete), that, (s) =>
    preferred ? ([s.in(1), s.in(0), s.out] as const) : ([s.in(0), s.in(1), s.out] as const),
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /**
     * Merges `that` into this stream; `that` is preferred when `preferred` is true, this stream
     * otherwise. See {@link mergePreferred}.
     */
    mergePreferred(
      that: Graph<SourceShape<Out>, unknown>,
      preferred: boolean,
      eagerComplete?: boolean,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('mergePreferred', mergePreferredWith);

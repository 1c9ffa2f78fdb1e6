import {
  Flow,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  type SourceShape,
  UniformFanInShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { ConcatChains } from './ConcatChains.js';
import { fanInFlow } from './fanInFlow.js';

/**
 * A junction that passes the primary input `in(0)`, and only if it completes without emitting
 * anything switches to the secondary input `in(1)`. The secondary is cancelled as soon as the
 * primary emits.
 * - Emits when: the primary (or, after an empty primary, the secondary) has an element.
 * - Backpressures when: downstream backpressures.
 * - Completes when: the primary completes after emitting, or the secondary completes.
 * - Cancels when: downstream cancels.
 * @see concat
 */
export function orElse<T>(): GraphStage<UniformFanInShape<T, T>> {
  return new OrElse<T>();
}

class OrElse<T> extends GraphStage<UniformFanInShape<T, T>> {
  readonly shape = new UniformFanInShape(new Outlet<T>('orElse.out'), [
    new Inlet<T>('orElse.primary'),
    new Inlet<T>('orElse.secondary'),
  ]);
  constructor() {
    super('orElse');
  }
  createLogic(): GraphStageLogic {
    return new OrElseLogic(this.shape);
  }
}

class OrElseLogic<T> extends GraphStageLogic implements OutHandler {
  private readonly primary: Inlet<T>;
  private readonly secondary: Inlet<T>;
  private readonly out: Outlet<T>;
  private usingSecondary = false;
  constructor(shape: UniformFanInShape<T, T>) {
    super(shape);
    this.primary = shape.in(0);
    this.secondary = shape.in(1);
    this.out = shape.out;
    const primary: InHandler = {
      onPush: () => {
        this.cancel(this.secondary);
        this.push(this.out, this.grab(this.primary));
      },
      onUpstreamFinish: () => {
        if (!this.isClosed(this.secondary)) {
          this.usingSecondary = true;
          if (this.isAvailable(this.out)) this.pull(this.secondary);
        } else {
          this.completeStage();
        }
      },
    };
    const secondary: InHandler = {
      onPush: () => {
        this.push(this.out, this.grab(this.secondary));
      },
      onUpstreamFinish: () => {
        // Before the primary ended, an empty secondary changes nothing.
        if (this.usingSecondary || this.isClosed(this.primary)) this.completeStage();
      },
    };
    this.setHandler(this.primary, primary);
    this.setHandler(this.secondary, secondary);
    this.setHandler(this.out, this);
  }
  onPull(): void {
    this.pull(this.usingSecondary ? this.secondary : this.primary);
  }
}

function orElseWith<T>(that: Graph<SourceShape<T>, unknown>): Flow<T, T, NotUsed> {
  const fused = ConcatChains.of([that], true, 'orElse');
  if (fused !== undefined) return Flow.fromGraph(fused);
  return fanInFlow(orElse<T>(), that, (s) => [s.in(0), s.in(1), s.out] as const);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Falls back to `that` if this stream completes empty; see {@link orElse}. */
    orElse(that: Graph<SourceShape<Out>, unknown>): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('orElse', orElseWith);

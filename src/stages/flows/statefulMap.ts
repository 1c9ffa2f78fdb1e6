import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

/**
 * Maps with state. `create` makes the state once per materialization; `f(state, element)` returns
 * `[nextState, output]` (an `undefined` output emits nothing); `onComplete(state)` runs exactly
 * once, on upstream completion, upstream failure or downstream cancel, and what it returns (if not
 * `undefined`) is emitted only when upstream completed.
 * - Emits when: `f` returns an output and downstream pulls; at completion, `onComplete`'s result.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes and `onComplete`'s result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: `resume` drops the element and keeps the state; `restart` drops it, runs
 * `onComplete` on the old state (its result discarded) and starts again from `create()`.
 * @throws TypeError if a function argument is not a function.
 * @see statefulMapConcat, scan
 */
export function statefulMap<S, In, Out>(
  create: () => S,
  f: (state: S, element: In) => readonly [S, Out | undefined],
  onComplete: (state: S) => Out | undefined = () => undefined,
): Flow<In, Out, NotUsed> {
  requireFunction('statefulMap', 'create', create);
  requireFunction('statefulMap', 'f', f);
  requireFunction('statefulMap', 'onComplete', onComplete);
  return Flow.fromGraph(new StatefulMap(create, f, onComplete));
}

class StatefulMap<S, In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(
    new Inlet<In>('statefulMap.in'),
    new Outlet<Out>('statefulMap.out'),
  );
  constructor(
    readonly create: () => S,
    readonly f: (state: S, element: In) => readonly [S, Out | undefined],
    readonly onComplete: (state: S) => Out | undefined,
  ) {
    super('statefulMap');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new StatefulMapLogic(this, deciderOf(attributes));
  }
}

class StatefulMapLogic<S, In, Out> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  private state: S;
  // `onComplete` runs exactly once: this turns false when it has.
  private owesOnComplete = true;
  constructor(
    private readonly stage: StatefulMap<S, In, Out>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.state = stage.create();
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let output: Out | undefined;
    try {
      const result = this.stage.f(this.state, element);
      this.state = result[0];
      output = result[1];
    } catch (error) {
      const directive = this.decider === undefined ? 'stop' : this.decider(error);
      if (directive === 'stop') throw error;
      if (directive === 'restart') {
        this.stage.onComplete(this.state);
        this.state = this.stage.create();
      }
      this.pull(this.in);
      return;
    }
    if (output === undefined || output === null) this.pull(this.in);
    else this.push(this.out, output);
  }
  onPull(): void {
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    this.owesOnComplete = false;
    const last = this.stage.onComplete(this.state);
    if (last === undefined || last === null) this.completeStage();
    else
      this.emit(this.out, last, () => {
        this.completeStage();
      });
  }
  onUpstreamFailure(error: unknown): void {
    this.finishQuietly();
    this.failStage(error);
  }
  onDownstreamFinish(cause: unknown): void {
    this.finishQuietly();
    this.cancelStage(cause);
  }
  override postStop(): void {
    // A stop from elsewhere (a throwing `f`, a shutdown) still closes the state.
    this.finishQuietly();
  }
  private finishQuietly(): void {
    if (!this.owesOnComplete) return;
    this.owesOnComplete = false;
    this.stage.onComplete(this.state);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Maps with per-materialization state; see {@link statefulMap}. */
    statefulMap<S, T>(
      create: () => S,
      f: (state: S, element: Out) => readonly [S, T | undefined],
      onComplete?: (state: S) => T | undefined,
    ): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('statefulMap', statefulMap);

import {
  Flow,
  FlowShape,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  type SourceShape,
  SubSinkInlet,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { type InnerSourceOwner, runInner } from './runInner.js';

/**
 * Maps each element to a source with `f` and emits that source's elements until the next upstream
 * element arrives: then the current inner source is cancelled (an element it held is dropped) and
 * the new one takes over. Upstream is never backpressured.
 * - Emits when: the current inner source has an element available and downstream pulls.
 * - Backpressures when: never (upstream is always pulled); the inner source is backpressured
 *   when downstream backpressures.
 * - Completes when: upstream and the current inner source completed.
 * - Cancels when: downstream cancels (the inner source is cancelled with it).
 * - Fails when: upstream or the current inner source fails, or `f` throws.
 * @throws TypeError if `f` is not a function.
 * @see flatMapConcat, flatMapMerge
 */
export function switchMap<T, U>(
  f: (element: T) => Graph<SourceShape<U>, unknown>,
): Flow<T, U, NotUsed> {
  requireFunction('switchMap', 'f', f);
  return Flow.fromGraph(new SwitchMap(f));
}

class SwitchMap<T, U> extends GraphStage<FlowShape<T, U>> {
  readonly shape = new FlowShape(new Inlet<T>('switchMap.in'), new Outlet<U>('switchMap.out'));
  constructor(readonly f: (element: T) => Graph<SourceShape<U>, unknown>) {
    super('switchMap');
  }
  createLogic(): GraphStageLogic {
    return new SwitchMapLogic(this);
  }
}

// Events of a replaced inner source are ignored: each handler checks it is still `current`.
class SwitchMapLogic<T, U>
  extends GraphStageLogic
  implements InHandler, OutHandler, InnerSourceOwner<U>
{
  private readonly in: Inlet<T>;
  private readonly out: Outlet<U>;
  /** The running inner source, until it completed and its last element went out. */
  private current: SubSinkInlet<U> | undefined = undefined;
  private nextId = 0;
  constructor(private readonly stage: SwitchMap<T, U>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const source = this.stage.f(this.grab(this.in));
    this.current?.cancel();
    this.current = runInner(this, this, `switchMap.inner${this.nextId++}`, source);
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.current === undefined) this.completeStage();
  }
  onPull(): void {
    const sub = this.current;
    if (sub?.isAvailable() === true) this.emitFrom(sub);
  }
  /** @internal */
  innerPushed(sub: SubSinkInlet<U>): void {
    if (sub !== this.current) return;
    if (this.isAvailable(this.out)) this.emitFrom(sub);
  }
  /** @internal */
  innerFinished(sub: SubSinkInlet<U>): void {
    if (sub !== this.current) return;
    if (!sub.isAvailable()) this.innerDone();
  }
  /** @internal */
  innerFailed(sub: SubSinkInlet<U>, error: unknown): void {
    if (sub === this.current) this.failStage(error);
  }
  private emitFrom(sub: SubSinkInlet<U>): void {
    this.push(this.out, sub.grab());
    if (!sub.isClosed()) sub.pull();
    else this.innerDone();
  }
  /** The current inner source finished and its last element, if any, went out. */
  private innerDone(): void {
    this.current = undefined;
    if (this.isClosed(this.in)) this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits the elements of the latest inner source only; see {@link switchMap}. */
    switchMap<U>(f: (element: Out) => Graph<SourceShape<U>, unknown>): Repr<Kind, In, U, Mat>;
  }
}
addFlowOperator('switchMap', switchMap);

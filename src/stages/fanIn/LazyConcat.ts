import {
  FlowShape,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
  Source,
  type SourceShape,
  SubSinkInlet,
} from '../../core/index.js';

/**
 * @internal The stage of `concatLazy`, `concatAllLazy` (`thatFirst` false) and `prependLazy`
 * (`thatFirst` true): each of `those` is materialized only when its turn comes (the first one of
 * `prependLazy` on the first pull), one after the other, in order.
 */
export class LazyConcat<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape: FlowShape<T, T>;
  constructor(
    readonly those: readonly Graph<SourceShape<T>, unknown>[],
    readonly thatFirst: boolean,
    readonly name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return new LazyConcatLogic(this);
  }
}

class LazyConcatLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  /** The current one of `those`, once materialized. */
  private sub: SubSinkInlet<T> | undefined = undefined;
  /** The index in `those` of the next one to materialize. */
  private next = 0;
  /** Whether elements come from `those` now. */
  private readingThat: boolean;
  /** How upstream ended while `those` ran first (prependLazy): raised when its turn comes. */
  private mainFinished = false;
  private mainFailed = false;
  private mainFailure: unknown = undefined;
  constructor(private readonly stage: LazyConcat<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.readingThat = stage.thatFirst && stage.those.length > 0;
    this.setHandlers(this.in, this.out, this);
  }
  onPull(): void {
    if (!this.readingThat) {
      this.pull(this.in);
      return;
    }
    this.sub ??= this.startNext();
    this.sub.pull();
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
  }
  onUpstreamFinish(): void {
    if (this.readingThat) {
      this.mainFinished = true;
    } else if (this.stage.thatFirst || this.stage.those.length === 0) {
      this.completeStage();
    } else {
      this.readingThat = true;
      this.startAndPull();
    }
  }
  onUpstreamFailure(error: unknown): void {
    if (!this.readingThat) {
      this.failStage(error);
      return;
    }
    this.mainFailed = true;
    this.mainFailure = error;
  }
  /** @internal */
  thatPushed(): void {
    this.push(this.out, (this.sub as SubSinkInlet<T>).grab());
  }
  /** @internal */
  thatFinished(): void {
    this.sub = undefined;
    if (this.next < this.stage.those.length) {
      this.startAndPull();
      return;
    }
    if (!this.stage.thatFirst) {
      this.completeStage();
      return;
    }
    this.readingThat = false;
    if (this.mainFailed) this.failStage(this.mainFailure);
    else if (this.mainFinished) this.completeStage();
    else if (this.isAvailable(this.out)) this.pull(this.in);
  }
  /** Materializes the next of `those` at once, pulling it if downstream waits. */
  private startAndPull(): void {
    const sub = this.startNext();
    this.sub = sub;
    if (this.isAvailable(this.out)) sub.pull();
  }
  private startNext(): SubSinkInlet<T> {
    const index = this.next++;
    const that = this.stage.those[index] as Graph<SourceShape<T>, unknown>; // index < length
    const name = this.stage.those.length === 1 ? 'that' : `that${index}`;
    const sub = new SubSinkInlet<T>(this, `${this.stage.name}.${name}`);
    sub.setHandler(new ThatHandler(this));
    Source.fromGraph(that).runWith(sub.sink, this.materializer);
    return sub;
  }
}

class ThatHandler<T> implements InHandler {
  constructor(private readonly logic: LazyConcatLogic<T>) {}
  onPush(): void {
    this.logic.thatPushed();
  }
  onUpstreamFinish(): void {
    this.logic.thatFinished();
  }
  onUpstreamFailure(error: unknown): void {
    this.logic.failStage(error);
  }
}

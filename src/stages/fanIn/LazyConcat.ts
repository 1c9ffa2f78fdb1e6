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
 * @internal The stage of `concatLazy` (`thatFirst` false) and `prependLazy` (`thatFirst` true):
 * `that` is materialized only when its turn comes (for `prependLazy`, on the first pull).
 */
export class LazyConcat<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape: FlowShape<T, T>;
  constructor(
    readonly that: Graph<SourceShape<T>, unknown>,
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
  /** `that` once materialized. */
  private sub: SubSinkInlet<T> | undefined = undefined;
  /** Whether elements come from `that` now. */
  private readingThat: boolean;
  /** How upstream ended while `that` ran first (prependLazy): raised when its turn comes. */
  private mainFinished = false;
  private mainFailed = false;
  private mainFailure: unknown = undefined;
  constructor(private readonly stage: LazyConcat<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.readingThat = stage.thatFirst;
    this.setHandlers(this.in, this.out, this);
  }
  onPull(): void {
    if (!this.readingThat) {
      this.pull(this.in);
      return;
    }
    this.sub ??= this.startThat();
    this.sub.pull();
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
  }
  onUpstreamFinish(): void {
    if (this.readingThat) {
      this.mainFinished = true;
    } else if (this.stage.thatFirst) {
      this.completeStage();
    } else {
      this.readingThat = true;
      this.sub = this.startThat();
      if (this.isAvailable(this.out)) this.sub.pull();
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
    if (!this.stage.thatFirst) {
      this.completeStage();
      return;
    }
    this.readingThat = false;
    if (this.mainFailed) this.failStage(this.mainFailure);
    else if (this.mainFinished) this.completeStage();
    else if (this.isAvailable(this.out)) this.pull(this.in);
  }
  private startThat(): SubSinkInlet<T> {
    const sub = new SubSinkInlet<T>(this, `${this.stage.name}.that`);
    sub.setHandler(new ThatHandler(this));
    Source.fromGraph(this.stage.that).runWith(sub.sink, this.materializer);
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

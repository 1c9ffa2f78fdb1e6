import {
  type AsyncCallback,
  GraphStage,
  GraphStageLogic,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  Source,
  SourceShape,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';

/**
 * Like `unfold` with an async step: on each pull, `f(state)` resolves to `[nextState, element]`,
 * or `undefined` to complete. One step is in flight at a time; a rejection fails the stream.
 * - Emits when: downstream pulls and the promise resolves to a pair.
 * - Completes when: the promise resolves to `undefined`.
 * @throws TypeError if `f` is not a function.
 * @see unfold, unfoldResourceAsync
 */
export function unfoldAsync<S, T>(
  zero: S,
  f: (state: S) => PromiseLike<readonly [S, T] | undefined>,
): Source<T, NotUsed> {
  requireFunction('Source.unfoldAsync', 'f', f);
  return Source.fromGraph(new UnfoldAsync(zero, f));
}

class UnfoldAsync<S, T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('unfoldAsync.out'));
  constructor(
    readonly zero: S,
    readonly f: (state: S) => PromiseLike<readonly [S, T] | undefined>,
  ) {
    super('unfoldAsync');
  }
  createLogic(): GraphStageLogic {
    return new UnfoldAsyncLogic(this);
  }
}

class UnfoldAsyncLogic<S, T> extends GraphStageLogic implements OutHandler {
  private state: S;
  private readonly onStep: AsyncCallback<readonly [S, T] | undefined>;
  private readonly onFailure: AsyncCallback<unknown>;
  // Bound once: a step's continuation allocates no closure of ours.
  private readonly resolved = (next: readonly [S, T] | undefined): void => {
    this.onStep.invoke(next);
  };
  private readonly rejected = (error: unknown): void => {
    this.onFailure.invoke(error);
  };
  constructor(private readonly stage: UnfoldAsync<S, T>) {
    super(stage.shape);
    this.state = stage.zero;
    this.setHandler(stage.shape.out, this);
    this.onStep = this.getAsyncCallback((next) => {
      if (next === undefined) {
        this.completeStage();
        return;
      }
      this.state = next[0];
      this.push(this.stage.shape.out, next[1]);
    });
    this.onFailure = this.getAsyncCallback((error) => {
      this.failStage(error);
    });
  }
  onPull(): void {
    Promise.resolve(this.stage.f(this.state)).then(this.resolved, this.rejected);
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** Elements unfolded from a state by an async step; see {@link unfoldAsync}. */
    function unfoldAsync<S, T>(
      zero: S,
      f: (state: S) => PromiseLike<readonly [S, T] | undefined>,
    ): Source<T, NotUsed>;
  }
}
addSourceFactory('unfoldAsync', unfoldAsync);

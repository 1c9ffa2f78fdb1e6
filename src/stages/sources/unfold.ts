import {
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
 * Emits elements computed from a state: on each pull, `f(state)` returns `[nextState, element]`,
 * or `undefined` to complete.
 * - Emits when: downstream pulls and `f` returns a pair.
 * - Completes when: `f` returns `undefined`.
 * @throws TypeError if `f` is not a function.
 * @example
 * ```ts
 * Source.unfold(0, (n) => (n < 3 ? [n + 1, n] : undefined)); // 0, 1, 2
 * ```
 * @see unfoldAsync, unfoldResource
 */
export function unfold<S, T>(
  zero: S,
  f: (state: S) => readonly [S, T] | undefined,
): Source<T, NotUsed> {
  requireFunction('Source.unfold', 'f', f);
  return Source.fromGraph(new Unfold(zero, f));
}

class Unfold<S, T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('unfold.out'));
  constructor(
    readonly zero: S,
    readonly f: (state: S) => readonly [S, T] | undefined,
  ) {
    super('unfold');
  }
  createLogic(): GraphStageLogic {
    return new UnfoldLogic(this);
  }
}

class UnfoldLogic<S, T> extends GraphStageLogic implements OutHandler {
  private state: S;
  constructor(private readonly stage: Unfold<S, T>) {
    super(stage.shape);
    this.state = stage.zero;
    this.setHandler(stage.shape.out, this);
  }
  onPull(): void {
    const next = this.stage.f(this.state);
    if (next === undefined) {
      this.completeStage();
      return;
    }
    this.state = next[0];
    this.push(this.stage.shape.out, next[1]);
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** Elements unfolded from a state; see {@link unfold}. */
    function unfold<S, T>(
      zero: S,
      f: (state: S) => readonly [S, T] | undefined,
    ): Source<T, NotUsed>;
  }
}
addSourceFactory('unfold', unfold);

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
 * Calls `create` on the first pull and emits the value its promise resolves to, then completes;
 * fails if `create` throws or the promise rejects. `create` runs once per materialization, and not
 * at all if the stream ends before a pull.
 * - Emits when: the promise created on the first pull resolved.
 * - Completes when: the element was emitted.
 * @throws TypeError if `create` is not a function.
 * @see fromPromise, lazySingle, lazyFutureSource
 */
export function lazyFuture<T>(create: () => PromiseLike<T>): Source<T, NotUsed> {
  requireFunction('Source.lazyFuture', 'create', create);
  return Source.fromGraph(new LazyFuture(create));
}

class LazyFuture<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('lazyFuture.out'));
  constructor(readonly create: () => PromiseLike<T>) {
    super('lazyFuture');
  }
  createLogic(): GraphStageLogic {
    return new LazyFutureLogic(this);
  }
}

class LazyFutureLogic<T> extends GraphStageLogic implements OutHandler {
  private started = false;
  constructor(private readonly stage: LazyFuture<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
  }
  onPull(): void {
    if (this.started) return;
    this.started = true;
    const onValue = this.getAsyncCallback((value: T) => {
      this.push(this.stage.shape.out, value); // pulled: the only pull waits for this value
      this.completeStage();
    });
    const onError = this.getAsyncCallback((error: unknown) => {
      this.failStage(error);
    });
    Promise.resolve(this.stage.create()).then(
      (value) => {
        onValue.invoke(value);
      },
      (error: unknown) => {
        onError.invoke(error);
      },
    );
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The value of a promise created on the first pull; see {@link lazyFuture}. */
    function lazyFuture<T>(create: () => PromiseLike<T>): Source<T, NotUsed>;
  }
}
addSourceFactory('lazyFuture', lazyFuture);

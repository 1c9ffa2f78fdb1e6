import {
  type AsyncCallback,
  GraphStage,
  GraphStageLogic,
  type NotUsed,
  Outlet,
  type OutHandler,
  Source,
  SourceShape,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';

/**
 * Emits the values of an async iterable (an async generator, a Node `Readable`, ...), calling
 * `next()` once per downstream pull, so the producer is never asked for more than is wanted. Pass
 * a function to get a fresh iterable per materialization. Cancelling calls the iterator's
 * `return()` (which destroys a Node stream).
 * - Emits when: `next()` resolved with a value and downstream pulled.
 * - Backpressures when: downstream backpressures (no `next()` call is outstanding then).
 * - Completes when: the iterator is done.
 * - Fails when: `next()` rejects or throws.
 * @throws TypeError if `iterable` is neither an async iterable nor a function.
 * @see Sink.asyncIterator, Source.fromReadable
 */
export function fromAsyncIterable<T>(
  iterable: AsyncIterable<T> | (() => AsyncIterable<T>),
): Source<T, NotUsed> {
  if (
    typeof iterable !== 'function' &&
    typeof (iterable as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] !== 'function'
  ) {
    throw new TypeError(
      `Source.fromAsyncIterable: iterable must be an async iterable or a function, got ${typeof iterable}`,
    );
  }
  return Source.fromGraph(new FromAsyncIterable(iterable, 'fromAsyncIterable'));
}

type Step<T> =
  | { readonly ok: true; readonly result: IteratorResult<T> }
  | { readonly ok: false; readonly error: unknown };

/** @internal The stage of `fromAsyncIterable`, and of `fromReadable` under its own name. */
export class FromAsyncIterable<T> extends GraphStage<SourceShape<T>> {
  readonly shape: SourceShape<T>;
  constructor(
    readonly iterable: AsyncIterable<T> | (() => AsyncIterable<T>),
    name: string,
  ) {
    super(name);
    this.shape = new SourceShape(new Outlet<T>(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return new FromAsyncIterableLogic(this);
  }
}

class FromAsyncIterableLogic<T> extends GraphStageLogic implements OutHandler {
  private readonly out: Outlet<T>;
  private iterator: AsyncIterator<T> | undefined = undefined;
  private readonly onStep: AsyncCallback<Step<T>>;
  constructor(private readonly stage: FromAsyncIterable<T>) {
    super(stage.shape);
    this.out = stage.shape.out;
    this.setHandler(this.out, this);
    this.onStep = this.getAsyncCallback((step: Step<T>) => {
      if (!step.ok) this.failStage(step.error);
      else if (step.result.done === true) {
        this.iterator = undefined;
        this.completeStage();
      } else this.push(this.out, step.result.value);
    });
  }
  override preStart(): void {
    const source = this.stage.iterable;
    const iterable = typeof source === 'function' ? source() : source;
    this.iterator = iterable[Symbol.asyncIterator]();
  }
  onPull(): void {
    const iterator = this.iterator as AsyncIterator<T>; // set in preStart, cleared only at the end
    let next: Promise<IteratorResult<T>>;
    try {
      next = Promise.resolve(iterator.next());
    } catch (error) {
      this.failStage(error);
      return;
    }
    next.then(
      (result) => {
        this.onStep.invoke({ ok: true, result });
      },
      (error: unknown) => {
        this.onStep.invoke({ ok: false, error });
      },
    );
  }
  onDownstreamFinish(cause: unknown): void {
    this.closeIterator();
    this.cancelStage(cause);
  }
  override postStop(): void {
    this.closeIterator();
  }
  private closeIterator(): void {
    const iterator = this.iterator;
    this.iterator = undefined;
    if (iterator?.return === undefined) return;
    // Errors from closing a source nobody reads any more have nowhere to go.
    Promise.resolve(iterator.return()).catch(() => undefined);
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The values of an async iterable, one `next()` per pull; see {@link fromAsyncIterable}. */
    function fromAsyncIterable<T>(
      iterable: AsyncIterable<T> | (() => AsyncIterable<T>),
    ): Source<T, NotUsed>;
  }
}
addSourceFactory('fromAsyncIterable', fromAsyncIterable);

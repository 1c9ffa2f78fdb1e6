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
 * `unfoldResource` with promises: `create` opens the resource, `read` resolves to the next element
 * or `undefined` at the end, and `close` runs exactly once, after the last read has settled. The
 * stream completes (or fails) only once `close` has resolved; a rejected `close` fails it.
 * - Emits when: downstream pulls and `read` resolves to an element.
 * - Completes when: `read` resolved to `undefined` and `close` resolved.
 * @throws TypeError if an argument is not a function.
 * @see unfoldResource, unfoldAsync
 */
export function unfoldResourceAsync<R, T>(
  create: () => PromiseLike<R>,
  read: (resource: R) => PromiseLike<T | undefined>,
  close: (resource: R) => PromiseLike<void>,
): Source<T, NotUsed> {
  requireFunction('Source.unfoldResourceAsync', 'create', create);
  requireFunction('Source.unfoldResourceAsync', 'read', read);
  requireFunction('Source.unfoldResourceAsync', 'close', close);
  return Source.fromGraph(new UnfoldResourceAsync(create, read, close));
}

class UnfoldResourceAsync<R, T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('unfoldResourceAsync.out'));
  constructor(
    readonly create: () => PromiseLike<R>,
    readonly read: (resource: R) => PromiseLike<T | undefined>,
    readonly close: (resource: R) => PromiseLike<void>,
  ) {
    super('unfoldResourceAsync');
  }
  createLogic(): GraphStageLogic {
    return new UnfoldResourceAsyncLogic(this);
  }
}

/** What the stage does once the resource is closed: complete, fail, or nothing (already stopped). */
type Ending = { kind: 'complete' } | { kind: 'fail'; error: unknown };

class UnfoldResourceAsyncLogic<R, T> extends GraphStageLogic implements OutHandler {
  private resource: R | undefined = undefined;
  private isOpen = false;
  private isBusy = true; // creating, then reading: `close` waits for it
  private isClosing = false;
  private ending: Ending | undefined = undefined;
  private readonly onCreated: AsyncCallback<R>;
  private readonly onRead: AsyncCallback<T | undefined>;
  private readonly onClosed: AsyncCallback<undefined>;
  private readonly onFailure: AsyncCallback<unknown>;
  private readonly readResolved = (element: T | undefined): void => {
    this.onRead.invoke(element);
  };
  private readonly failed = (error: unknown): void => {
    this.onFailure.invoke(error);
  };
  constructor(private readonly stage: UnfoldResourceAsync<R, T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
    this.onCreated = this.getAsyncCallback((resource) => {
      this.resource = resource;
      this.isOpen = true;
      this.isBusy = false;
      if (this.ending !== undefined) this.closeThen(this.ending);
      else if (this.isAvailable(this.stage.shape.out)) this.readNext();
    });
    this.onRead = this.getAsyncCallback((element) => {
      this.isBusy = false;
      if (this.ending !== undefined) this.closeThen(this.ending);
      else if (element === undefined || element === null) this.closeThen({ kind: 'complete' });
      else this.push(this.stage.shape.out, element);
    });
    this.onClosed = this.getAsyncCallback(() => {
      this.finish();
    });
    this.onFailure = this.getAsyncCallback((error) => {
      this.isBusy = false;
      // A failed close is reported as is; a failed create or read closes first.
      if (this.isClosing) {
        this.ending = { kind: 'fail', error };
        this.finish();
      } else {
        this.closeThen({ kind: 'fail', error });
      }
    });
  }
  override preStart(): void {
    // Kept alive past a downstream cancel, until the resource is closed.
    this.setKeepGoing(true);
    Promise.resolve(this.stage.create()).then((resource) => {
      this.onCreated.invoke(resource);
    }, this.failed);
  }
  onPull(): void {
    if (!this.isBusy && this.isOpen) this.readNext();
  }
  onDownstreamFinish(): void {
    if (this.isBusy) this.ending = { kind: 'complete' };
    else this.closeThen({ kind: 'complete' });
  }
  private readNext(): void {
    this.isBusy = true;
    Promise.resolve(this.stage.read(this.resource as R)).then(this.readResolved, this.failed); // open
  }
  private closeThen(ending: Ending): void {
    this.ending = ending;
    if (this.isClosing) return;
    this.isClosing = true;
    if (!this.isOpen) {
      this.finish();
      return;
    }
    this.isOpen = false;
    Promise.resolve(this.stage.close(this.resource as R)).then(() => {
      this.onClosed.invoke(undefined);
    }, this.failed);
  }
  override postStop(): void {
    // An abrupt stop (materializer shutdown) still closes the resource; nobody is left to tell.
    if (this.isOpen && !this.isClosing) {
      this.isOpen = false;
      Promise.resolve(this.stage.close(this.resource as R)).then(undefined, () => undefined);
    }
  }
  private finish(): void {
    const ending = this.ending;
    if (ending?.kind === 'fail') this.failStage(ending.error);
    else this.completeStage();
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** Reads an async resource until it is exhausted, then closes it; see {@link unfoldResourceAsync}. */
    function unfoldResourceAsync<R, T>(
      create: () => PromiseLike<R>,
      read: (resource: R) => PromiseLike<T | undefined>,
      close: (resource: R) => PromiseLike<void>,
    ): Source<T, NotUsed>;
  }
}
addSourceFactory('unfoldResourceAsync', unfoldResourceAsync);

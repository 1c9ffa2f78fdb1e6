import {
  type Attributes,
  type Decider,
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
import { deciderOf } from '../supervision.js';

/**
 * Opens a resource with `create` when the stream starts, emits what `read(resource)` returns on
 * each pull until it returns `undefined`, and calls `close(resource)` exactly once: on completion,
 * failure or cancel. The functions are synchronous; see `unfoldResourceAsync` for promises.
 * - Emits when: downstream pulls and `read` returns an element.
 * - Completes when: `read` returns `undefined` (after `close`).
 *
 * Honours supervision for `read`: `resume` skips the failed read, `restart` closes the resource
 * and opens a new one.
 * @throws TypeError if an argument is not a function.
 * @see unfoldResourceAsync, unfold
 */
export function unfoldResource<R, T>(
  create: () => R,
  read: (resource: R) => T | undefined,
  close: (resource: R) => void,
): Source<T, NotUsed> {
  requireFunction('Source.unfoldResource', 'create', create);
  requireFunction('Source.unfoldResource', 'read', read);
  requireFunction('Source.unfoldResource', 'close', close);
  return Source.fromGraph(new UnfoldResource(create, read, close));
}

class UnfoldResource<R, T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('unfoldResource.out'));
  constructor(
    readonly create: () => R,
    readonly read: (resource: R) => T | undefined,
    readonly close: (resource: R) => void,
  ) {
    super('unfoldResource');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new UnfoldResourceLogic(this, deciderOf(attributes));
  }
}

class UnfoldResourceLogic<R, T> extends GraphStageLogic implements OutHandler {
  private resource: R | undefined = undefined;
  private isOpen = false;
  constructor(
    private readonly stage: UnfoldResource<R, T>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
  }
  override preStart(): void {
    this.resource = this.stage.create();
    this.isOpen = true;
  }
  onPull(): void {
    for (;;) {
      let element: T | undefined;
      try {
        element = this.stage.read(this.resource as R); // open from preStart on
      } catch (error) {
        const directive = this.decider === undefined ? 'stop' : this.decider(error);
        if (directive === 'stop') throw error;
        if (directive === 'restart') {
          this.closeResource();
          this.resource = this.stage.create();
          this.isOpen = true;
        }
        continue;
      }
      if (element === undefined || element === null) {
        this.closeResource();
        this.completeStage();
      } else {
        this.push(this.stage.shape.out, element);
      }
      return;
    }
  }
  override postStop(): void {
    this.closeResource();
  }
  private closeResource(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.stage.close(this.resource as R); // isOpen implies it was created
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** Reads a resource until it is exhausted, then closes it; see {@link unfoldResource}. */
    function unfoldResource<R, T>(
      create: () => R,
      read: (resource: R) => T | undefined,
      close: (resource: R) => void,
    ): Source<T, NotUsed>;
  }
}
addSourceFactory('unfoldResource', unfoldResource);

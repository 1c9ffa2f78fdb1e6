import {
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
 * Emits one element, then completes.
 * - Emits when: downstream pulls.
 * - Completes when: the element was emitted.
 * @throws TypeError if `element` is null or undefined.
 */
export function single<T>(element: T): Source<T, NotUsed> {
  if (element === undefined || element === null) {
    throw new TypeError(`Source.single: element must not be ${String(element)}`);
  }
  return Source.fromGraph(new Single(element));
}

class Single<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('single.out'));
  constructor(readonly element: T) {
    super('single');
  }
  createLogic(): GraphStageLogic {
    return new SingleLogic(this);
  }
}

class SingleLogic<T> extends GraphStageLogic implements OutHandler {
  constructor(private readonly stage: Single<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
  }
  onPull(): void {
    this.push(this.stage.shape.out, this.stage.element);
    this.completeStage();
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** One element, then completion; see {@link single}. */
    function single<T>(element: T): Source<T, NotUsed>;
  }
}
addSourceFactory('single', single);

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
 * Emits the same element forever, one per pull.
 * - Emits when: downstream pulls.
 * - Completes when: never; cancel it (`take`, a kill switch) to stop.
 * @throws TypeError if `element` is null or undefined.
 */
export function repeat<T>(element: T): Source<T, NotUsed> {
  if (element === undefined || element === null) {
    throw new TypeError(`Source.repeat: element must not be ${String(element)}`);
  }
  return Source.fromGraph(new Repeat(element));
}

class Repeat<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('repeat.out'));
  constructor(readonly element: T) {
    super('repeat');
  }
  createLogic(): GraphStageLogic {
    return new RepeatLogic(this);
  }
}

class RepeatLogic<T> extends GraphStageLogic implements OutHandler {
  constructor(private readonly stage: Repeat<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
  }
  onPull(): void {
    this.push(this.stage.shape.out, this.stage.element);
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The same element forever; see {@link repeat}. */
    function repeat<T>(element: T): Source<T, NotUsed>;
  }
}
addSourceFactory('repeat', repeat);

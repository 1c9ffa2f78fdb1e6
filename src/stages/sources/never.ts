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
 * Never emits and never completes: a placeholder, and a way to keep a stream open in tests.
 * - Emits when: never.
 * - Completes when: never; it stops when downstream cancels.
 * @see maybe, empty
 */
export function never<T>(): Source<T, NotUsed> {
  return Source.fromGraph(new Never<T>());
}

class Never<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('never.out'));
  constructor() {
    super('never');
  }
  createLogic(): GraphStageLogic {
    return new NeverLogic(this.shape);
  }
}

class NeverLogic<T> extends GraphStageLogic implements OutHandler {
  constructor(shape: SourceShape<T>) {
    super(shape);
    this.setHandler(shape.out, this);
  }
  onPull(): void {
    // Nothing ever comes.
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** Never emits, never completes; see {@link never}. */
    function never<T>(): Source<T, NotUsed>;
  }
}
addSourceFactory('never', never);

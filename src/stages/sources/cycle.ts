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
 * Emits the elements of the iterable `f` returns, over and over: when it is exhausted, `f` is
 * called again. Fails if `f` returns an empty iterable (it would spin forever).
 * - Emits when: downstream pulls.
 * - Completes when: never; cancel it (`take`, a kill switch) to stop.
 * @throws TypeError if `f` is not a function.
 * @see repeat, from
 */
export function cycle<T>(f: () => Iterable<T>): Source<T, NotUsed> {
  requireFunction('Source.cycle', 'f', f);
  return Source.fromGraph(new Cycle(f));
}

class Cycle<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('cycle.out'));
  constructor(readonly f: () => Iterable<T>) {
    super('cycle');
  }
  createLogic(): GraphStageLogic {
    return new CycleLogic(this);
  }
}

class CycleLogic<T> extends GraphStageLogic implements OutHandler {
  private iterator: Iterator<T> | undefined = undefined;
  constructor(private readonly stage: Cycle<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
  }
  onPull(): void {
    let next = this.iterator?.next();
    if (next === undefined || next.done === true) {
      this.iterator = this.stage.f()[Symbol.iterator]();
      next = this.iterator.next();
      if (next.done === true) {
        throw new TypeError(
          `${this.label}: cannot cycle an empty iterable: f returned no elements`,
        );
      }
    }
    this.push(this.stage.shape.out, next.value);
  }
  onDownstreamFinish(): void {
    this.iterator?.return?.();
    this.completeStage();
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The elements of an iterable, over and over; see {@link cycle}. */
    function cycle<T>(f: () => Iterable<T>): Source<T, NotUsed>;
  }
}
addSourceFactory('cycle', cycle);

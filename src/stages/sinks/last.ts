import {
  FusableSink,
  Inlet,
  Sink,
  SinkShape,
  type SinkStep,
  type StepContext,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSinkFactory } from '../fluent.js';
import { NoSuchElementError } from './head.js';
import { SettlingStep } from './SettlingStep.js';

/** A sink that resolves with the last element at completion; rejects on an empty stream. */
export function last<In>(): Sink<In, Promise<In>> {
  return Sink.fromGraph(new LastSink<In, In>('last', true));
}

/** A sink that resolves with the last element, or `undefined` on an empty stream. */
export function lastOption<In>(): Sink<In, Promise<In | undefined>> {
  return Sink.fromGraph(new LastSink<In, In | undefined>('lastOption', false));
}

// Its own step rather than a fold with `(_, e) => e`: no call per element, and the fold step's
// call site keeps seeing only the folds users write.
class LastSink<In, R> extends FusableSink<In, Promise<R>> {
  readonly shape: SinkShape<In>;
  constructor(
    name: string,
    readonly required: boolean,
  ) {
    super(name);
    this.shape = new SinkShape(new Inlet<In>(`${name}.in`));
  }
  createSinkStep(context: StepContext): readonly [SinkStep<In>, Promise<R>] {
    const result = new Deferred<R>();
    return [new LastStep<In, R>(this.required, result, context), result.promise];
  }
}

class LastStep<In, R> extends SettlingStep<In, R> {
  // Declared only: unset until the first element (elements are never undefined), and the first
  // store sets the field's representation, so a stream of numbers keeps it an unboxed number.
  declare private last: In;
  constructor(
    private readonly required: boolean,
    result: Deferred<R>,
    context: StepContext,
  ) {
    super(result, context);
  }
  onElement(element: In): void {
    this.last = element;
  }
  protected finish(): R {
    const last = this.last as In | undefined;
    if (last !== undefined) return last as unknown as R;
    if (!this.required) return undefined as R;
    throw new NoSuchElementError('Sink.last: the stream completed without elements');
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** The last element; see {@link last}. */
    function last<In>(): Sink<In, Promise<In>>;
    /** The last element or undefined; see {@link lastOption}. */
    function lastOption<In>(): Sink<In, Promise<In | undefined>>;
  }
}
addSinkFactory('last', last);
addSinkFactory('lastOption', lastOption);

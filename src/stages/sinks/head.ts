import {
  AbruptTerminationError,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  Sink,
  SinkShape,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSinkFactory } from '../fluent.js';

/** No element arrived where one was required (`Sink.head` or `Sink.last` of an empty stream). */
export class NoSuchElementError extends Error {
  override readonly name = 'NoSuchElementError';
}

/**
 * A sink that resolves with the first element and cancels upstream; rejects with
 * `NoSuchElementError` on an empty stream.
 */
export function head<In>(): Sink<In, Promise<In>> {
  return Sink.fromGraph(new Head<In, In>('head', true));
}

/** A sink that resolves with the first element, or `undefined` on an empty stream. */
export function headOption<In>(): Sink<In, Promise<In | undefined>> {
  return Sink.fromGraph(new Head<In, In | undefined>('headOption', false));
}

class Head<In, R> extends GraphStageWithMaterializedValue<SinkShape<In>, Promise<R>> {
  readonly shape: SinkShape<In>;
  constructor(
    readonly label: string,
    readonly required: boolean,
  ) {
    super(label);
    this.shape = new SinkShape(new Inlet<In>(`${label}.in`));
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Promise<R>] {
    const result = new Deferred<R>();
    return [new HeadLogic(this, result), result.promise];
  }
}

class HeadLogic<In, R> extends GraphStageLogic implements InHandler {
  constructor(
    private readonly stage: Head<In, R>,
    private readonly result: Deferred<R>,
  ) {
    super(stage.shape);
    this.setHandler(stage.shape.in, this);
  }
  override preStart(): void {
    this.pull(this.stage.shape.in);
  }
  onPush(): void {
    this.result.resolve(this.grab(this.stage.shape.in) as unknown as R);
    this.completeStage();
  }
  onUpstreamFinish(): void {
    if (this.stage.required) {
      this.result.reject(
        new NoSuchElementError(`Sink.${this.stage.label}: the stream completed without elements`),
      );
    } else {
      this.result.resolve(undefined as R);
    }
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.result.reject(error);
    this.failStage(error);
  }
  // A failure from inside (a throwing f) or from a materializer shutdown rejects with that cause.
  override failStage(error: unknown): void {
    this.result.reject(error);
    super.failStage(error);
  }
  override postStop(): void {
    this.result.reject(
      new AbruptTerminationError(`${this.label}: the stream stopped before an element arrived`),
    );
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** The first element; see {@link head}. */
    function head<In>(): Sink<In, Promise<In>>;
    /** The first element or undefined; see {@link headOption}. */
    function headOption<In>(): Sink<In, Promise<In | undefined>>;
  }
}
addSinkFactory('head', head);
addSinkFactory('headOption', headOption);

import {
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  requireFunction,
  Sink,
  SinkShape,
} from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';

/** How a stream ended, as `Sink.onComplete` reports it. */
export type Completion = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

const success: Completion = { ok: true };

/**
 * A sink that drops every element and calls `callback` once when the stream ends: with
 * `{ ok: true }` on completion, `{ ok: false, error }` on failure (or an abrupt stop).
 * - Backpressures when: never.
 * - Completes when: upstream completes or fails.
 * @throws TypeError if `callback` is not a function.
 * @see Sink.ignore, watchTermination
 */
export function onComplete<In = unknown>(
  callback: (result: Completion) => void,
): Sink<In, NotUsed> {
  requireFunction('Sink.onComplete', 'callback', callback);
  return Sink.fromGraph(new OnComplete<In>(callback));
}

class OnComplete<In> extends GraphStage<SinkShape<In>> {
  readonly shape = new SinkShape(new Inlet<In>('onComplete.in'));
  constructor(readonly callback: (result: Completion) => void) {
    super('onComplete');
  }
  createLogic(): GraphStageLogic {
    return new OnCompleteLogic(this);
  }
}

class OnCompleteLogic<In> extends GraphStageLogic implements InHandler {
  private hasReported = false;
  constructor(private readonly stage: OnComplete<In>) {
    super(stage.shape);
    this.setHandler(stage.shape.in, this);
  }
  override preStart(): void {
    this.pull(this.stage.shape.in);
  }
  onPush(): void {
    this.grab(this.stage.shape.in);
    this.pull(this.stage.shape.in);
  }
  onUpstreamFinish(): void {
    this.report(success);
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.report({ ok: false, error });
    this.failStage(error);
  }
  override failStage(error: unknown): void {
    this.report({ ok: false, error });
    super.failStage(error);
  }
  private report(result: Completion): void {
    if (this.hasReported) return;
    this.hasReported = true;
    this.stage.callback(result);
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** Calls back once when the stream ends; see {@link onComplete}. */
    function onComplete<In = unknown>(callback: (result: Completion) => void): Sink<In, NotUsed>;
  }
}
addSinkFactory('onComplete', onComplete);

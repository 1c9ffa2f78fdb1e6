import {
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Sink,
  SinkShape,
} from '../../core/index.js';
import { addSinkFactory } from '../fluent.js';

/**
 * A sink that cancels upstream as soon as the stream starts.
 * - Cancels when: materialized.
 * @see Sink.ignore
 */
export function cancelled<In = unknown>(): Sink<In, NotUsed> {
  return Sink.fromGraph(new Cancelled<In>());
}

class Cancelled<In> extends GraphStage<SinkShape<In>> {
  readonly shape = new SinkShape(new Inlet<In>('cancelled.in'));
  constructor() {
    super('cancelled');
  }
  createLogic(): GraphStageLogic {
    return new CancelledLogic(this.shape);
  }
}

class CancelledLogic<In> extends GraphStageLogic implements InHandler {
  constructor(shape: SinkShape<In>) {
    super(shape);
    this.setHandler(shape.in, this);
  }
  override preStart(): void {
    this.completeStage();
  }
  onPush(): void {
    // Never pulled.
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** Cancels at once; see {@link cancelled}. */
    function cancelled<In = unknown>(): Sink<In, NotUsed>;
  }
}
addSinkFactory('cancelled', cancelled);

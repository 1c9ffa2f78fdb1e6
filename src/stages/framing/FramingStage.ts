import {
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
} from '../../core/index.js';

const EMPTY = new Uint8Array(0);

/** @internal How a framing stage cuts its buffer. */
export interface FrameParser {
  /** The length of the first whole frame in `buffer`, and of what follows it; undefined if none yet. */
  next(buffer: Uint8Array): { frame: number; skip: number } | undefined;
  /** `buffer` is what is left when upstream completed: the last frame, or a FramingError. */
  last(buffer: Uint8Array): Uint8Array;
}

/** @internal The stage of `Framing.delimiter` and `Framing.lengthField`. */
export class FramingStage extends GraphStage<FlowShape<Uint8Array, Uint8Array>> {
  readonly shape: FlowShape<Uint8Array, Uint8Array>;
  constructor(
    readonly parser: FrameParser,
    name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet(`${name}.in`), new Outlet(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return new FramingLogic(this);
  }
}

class FramingLogic extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<Uint8Array>;
  private readonly out: Outlet<Uint8Array>;
  private buffer: Uint8Array = EMPTY;
  constructor(private readonly stage: FramingStage) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const chunk = this.grab(this.in);
    if (this.buffer.length === 0) {
      this.buffer = chunk;
    } else {
      const joined = new Uint8Array(this.buffer.length + chunk.length);
      joined.set(this.buffer, 0);
      joined.set(chunk, this.buffer.length);
      this.buffer = joined;
    }
    this.tryEmit();
  }
  onPull(): void {
    this.tryEmit();
  }
  onUpstreamFinish(): void {
    if (this.buffer.length === 0) this.completeStage();
    else if (this.isAvailable(this.out)) this.tryEmit();
  }
  private tryEmit(): void {
    let cut: { frame: number; skip: number } | undefined;
    try {
      cut = this.stage.parser.next(this.buffer);
      if (cut === undefined && this.isClosed(this.in)) {
        const last = this.stage.parser.last(this.buffer);
        this.buffer = EMPTY;
        this.push(this.out, last);
        this.completeStage();
        return;
      }
    } catch (error) {
      this.failStage(error);
      return;
    }
    if (cut !== undefined) {
      this.push(this.out, this.buffer.slice(0, cut.frame));
      this.buffer = this.buffer.subarray(cut.frame + cut.skip);
      if (this.isClosed(this.in) && this.buffer.length === 0) this.completeStage();
    } else if (!this.hasBeenPulled(this.in)) {
      this.pull(this.in);
    }
  }
}

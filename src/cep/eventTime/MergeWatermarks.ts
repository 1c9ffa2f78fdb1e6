import {
  GraphStage,
  GraphStageLogic,
  type InHandler,
  type OutHandler,
  UniformFanInShape,
} from '../../core/index.js';
import { Watermark } from '../watermark/Watermark.js';
import { WatermarkValve } from '../watermark/WatermarkValve.js';

/**
 * @internal The fan-in of event-time streams: elements pass through first come first served; the
 * watermark sent on is the minimum over the inputs that are not idle (a {@link WatermarkValve}),
 * and only once no element waits, so that no element is overtaken by a watermark that makes it
 * late.
 */
export class MergeWatermarks<T> extends GraphStage<
  UniformFanInShape<T | Watermark, T | Watermark>
> {
  readonly shape: UniformFanInShape<T | Watermark, T | Watermark>;
  constructor(n: number) {
    super('EventTime.merge');
    this.shape = UniformFanInShape.named<T | Watermark, T | Watermark>('EventTime.merge', n);
  }
  createLogic(): GraphStageLogic {
    return new MergeWatermarksLogic(this.shape);
  }
}

class MergeWatermarksLogic<T> extends GraphStageLogic implements OutHandler {
  private readonly valve = new WatermarkValve();
  /** The element each input holds until downstream takes it; one per input at most. */
  private readonly held: (T | undefined)[];
  private readonly order: number[] = [];
  /** A combined watermark (or idleness) still to send. */
  private pendingWatermark: Watermark | undefined = undefined;
  private open: number;
  constructor(private readonly ports: UniformFanInShape<T | Watermark, T | Watermark>) {
    super(ports);
    const n = ports.inlets.length;
    this.held = new Array<T | undefined>(n).fill(undefined);
    this.open = n;
    for (let i = 0; i < n; i++) {
      this.valve.addChannel(i);
      this.setHandler(ports.inlets[i] as (typeof ports.inlets)[number], new InputHandler(this, i));
    }
    this.setHandler(ports.out, this);
  }
  override preStart(): void {
    for (const inlet of this.ports.inlets) this.pull(inlet);
  }
  /** @internal */
  onInput(index: number): void {
    const inlet = this.ports.inlets[index] as (typeof this.ports.inlets)[number];
    const x = this.grab(inlet);
    if (Watermark.is(x)) {
      const advanced = x.isIdle
        ? this.valve.onIdle(index)
        : this.valve.onWatermark(index, x.timestamp);
      if (advanced) this.pendingWatermark = new Watermark(this.valve.watermark);
      else if (this.valve.isIdle) this.pendingWatermark = new Watermark(this.valve.watermark, true);
      this.pull(inlet);
      this.flush();
      return;
    }
    this.valve.onActive(index);
    if (this.isAvailable(this.ports.out) && this.order.length === 0) {
      this.push(this.ports.out, x);
      this.pull(inlet);
    } else {
      this.held[index] = x;
      this.order.push(index);
    }
  }
  /** @internal */
  onInputFinish(index: number): void {
    this.open--;
    if (this.valve.removeChannel(index))
      this.pendingWatermark = new Watermark(this.valve.watermark);
    if (this.open === 0 && this.order.length === 0) this.completeStage();
    else this.flush();
  }
  onPull(): void {
    this.flush();
  }
  private flush(): void {
    if (!this.isAvailable(this.ports.out)) return;
    const index = this.order.shift();
    if (index !== undefined) {
      const x = this.held[index] as T; // held while its index is in order
      this.held[index] = undefined;
      this.push(this.ports.out, x);
      const inlet = this.ports.inlets[index] as (typeof this.ports.inlets)[number];
      if (!this.isClosed(inlet)) this.pull(inlet);
      else if (this.open === 0 && this.order.length === 0 && this.pendingWatermark === undefined)
        this.completeStage();
      return;
    }
    const watermark = this.pendingWatermark;
    if (watermark !== undefined) {
      this.pendingWatermark = undefined;
      this.push(this.ports.out, watermark);
    }
    if (this.open === 0 && this.pendingWatermark === undefined) this.completeStage();
  }
}

class InputHandler<T> implements InHandler {
  constructor(
    private readonly logic: MergeWatermarksLogic<T>,
    private readonly index: number,
  ) {}
  onPush(): void {
    this.logic.onInput(this.index);
  }
  onUpstreamFinish(): void {
    this.logic.onInputFinish(this.index);
  }
}

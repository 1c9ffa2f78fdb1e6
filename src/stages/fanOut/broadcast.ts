import {
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  requirePositiveInt,
  UniformFanOutShape,
} from '../../core/index.js';
import { IndexedOutput, type IndexedOutputs } from '../IndexedHandlers.js';

/**
 * A junction that emits every element to all `n` outputs; the slowest output sets the pace.
 * - Emits when: all open outputs have demand.
 * - Backpressures when: one of the open outputs backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: all outputs cancel, or any output cancels when `eagerCancel` is set.
 * @throws RangeError if `n` is not a positive integer.
 * @see balance, partition
 */
export function broadcast<T>(n: number, eagerCancel = false): GraphStage<UniformFanOutShape<T, T>> {
  requirePositiveInt('broadcast', 'n', n);
  return new Broadcast<T>(n, eagerCancel);
}

/** @internal Exported for `Sink.combine`, which fuses a broadcast into fusable sinks. */
export class Broadcast<T> extends GraphStage<UniformFanOutShape<T, T>> {
  readonly shape: UniformFanOutShape<T, T>;
  constructor(
    n: number,
    readonly eagerCancel: boolean,
  ) {
    super('broadcast');
    this.shape = UniformFanOutShape.named<T, T>('broadcast', n);
  }
  createLogic(): GraphStageLogic {
    return new BroadcastLogic(this);
  }
}

class BroadcastLogic<T> extends GraphStageLogic implements InHandler, IndexedOutputs {
  private readonly in: Inlet<T>;
  private readonly outs: readonly Outlet<T>[];
  /** Open outputs that have not pulled since the last element. */
  private pending: number;
  private running: number;
  /** Whether each output pulled since the last element. */
  private readonly pulled: boolean[];
  constructor(private readonly stage: Broadcast<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.outs = stage.shape.outlets;
    this.pending = this.outs.length;
    this.running = this.outs.length;
    this.pulled = this.outs.map(() => false);
    this.setHandler(this.in, this);
    this.outs.forEach((outlet, i) => {
      this.setHandler(outlet, new IndexedOutput(this, i));
    });
  }
  onPush(): void {
    const element = this.grab(this.in);
    for (let i = 0; i < this.outs.length; i++) {
      const outlet = this.outs[i] as Outlet<T>; // i < outs.length
      if (this.isClosed(outlet)) continue;
      this.push(outlet, element);
      this.pulled[i] = false;
    }
    this.pending = this.running;
  }
  onOutputPull(index: number): void {
    this.pulled[index] = true;
    if (--this.pending === 0 && !this.hasBeenPulled(this.in)) this.tryPull(this.in);
  }
  onOutputCancel(index: number, cause: unknown): void {
    if (this.stage.eagerCancel) {
      this.cancelStage(cause);
      return;
    }
    if (--this.running === 0) {
      this.cancelStage(cause);
      return;
    }
    if (this.pulled[index] !== true && --this.pending === 0 && !this.hasBeenPulled(this.in))
      this.tryPull(this.in);
  }
}

import {
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  requirePositiveInt,
  RingBuffer,
  UniformFanOutShape,
} from '../../core/index.js';
import { IndexedOutput, type IndexedOutputs } from '../IndexedHandlers.js';

/**
 * A junction that sends each element to one of `n` outputs, the first that asked for it: work
 * distribution. With `waitForAllDownstreams` it pulls nothing until every output has asked once.
 * - Emits when: some output has demand.
 * - Backpressures when: all outputs backpressure.
 * - Completes when: upstream completes (after an element it holds went out).
 * - Cancels when: all outputs cancel.
 * @throws RangeError if `n` is not a positive integer.
 * @see broadcast, partition
 */
export function balance<T>(
  n: number,
  waitForAllDownstreams = false,
): GraphStage<UniformFanOutShape<T, T>> {
  requirePositiveInt('balance', 'n', n);
  return new Balance<T>(n, waitForAllDownstreams);
}

class Balance<T> extends GraphStage<UniformFanOutShape<T, T>> {
  readonly shape: UniformFanOutShape<T, T>;
  constructor(
    n: number,
    readonly waitForAllDownstreams: boolean,
  ) {
    super('balance');
    this.shape = UniformFanOutShape.named<T, T>('balance', n);
  }
  createLogic(): GraphStageLogic {
    return new BalanceLogic(this);
  }
}

class BalanceLogic<T> extends GraphStageLogic implements InHandler, IndexedOutputs {
  private readonly in: Inlet<T>;
  private readonly outs: readonly Outlet<T>[];
  /** Outputs that pulled and were not served yet, in the order they asked. */
  private readonly demand: RingBuffer<number>;
  private running: number;
  /** Outputs still to ask once before anything is pulled (with `waitForAllDownstreams`). */
  private needInitialDemand: number;
  /** An element whose asking outputs all cancelled before it arrived; the next asker gets it. */
  private held: T | undefined = undefined;
  constructor(stage: Balance<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.outs = stage.shape.outlets;
    this.demand = new RingBuffer<number>(this.outs.length);
    this.running = this.outs.length;
    this.needInitialDemand = stage.waitForAllDownstreams ? this.outs.length : 0;
    this.setHandler(this.in, this);
    this.outs.forEach((outlet, i) => {
      this.setHandler(outlet, new IndexedOutput(this, i));
    });
  }
  onPush(): void {
    const element = this.grab(this.in);
    // Outputs that cancelled after asking are skipped.
    while (!this.demand.isEmpty) {
      const outlet = this.outs[this.demand.dequeue()] as Outlet<T>;
      if (this.isAvailable(outlet)) {
        this.push(outlet, element);
        if (this.demand.length > 0) this.pull(this.in);
        return;
      }
    }
    this.held = element;
  }
  onUpstreamFinish(): void {
    if (this.held === undefined) this.completeStage();
  }
  onOutputPull(index: number): void {
    const held = this.held;
    if (held !== undefined) {
      this.held = undefined;
      this.push(this.outs[index] as Outlet<T>, held);
      if (this.isClosed(this.in)) this.completeStage();
      return;
    }
    this.demand.enqueue(index);
    if (this.needInitialDemand > 0 && --this.needInitialDemand > 0) return;
    if (!this.hasBeenPulled(this.in)) this.tryPull(this.in);
  }
  onOutputCancel(_index: number, cause: unknown): void {
    if (--this.running === 0) this.cancelStage(cause);
    else if (this.needInitialDemand > 0 && --this.needInitialDemand === 0) this.tryPull(this.in);
  }
}

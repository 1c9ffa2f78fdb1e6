import {
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  requireFunction,
  requirePositiveInt,
  UniformFanOutShape,
} from '../../core/index.js';
import { IndexedOutput, type IndexedOutputs } from '../IndexedHandlers.js';

/** The partitioner of a `partition` stage chose an output that does not exist. */
export class PartitionOutOfBoundsError extends Error {
  override readonly name = 'PartitionOutOfBoundsError';
  constructor(
    readonly stage: string,
    readonly index: number,
    readonly outputs: number,
  ) {
    super(
      `${stage}: cannot route element: the partitioner returned ${String(index)}, expected an integer in 0..${outputs - 1}`,
    );
  }
}

/**
 * A junction that sends each element to the output `partitioner(element)` picks. Elements for an
 * output that cancelled are dropped.
 * - Emits when: the chosen output has demand.
 * - Backpressures when: the chosen output backpressures.
 * - Completes when: upstream completes (after the held element went out).
 * - Cancels when: all outputs cancel, or any output cancels when `eagerCancel` is set.
 * - Fails with {@link PartitionOutOfBoundsError} (naming the stage) when the index is out of range.
 * @throws RangeError if `n` is not a positive integer; TypeError if `partitioner` is not a function.
 * @see broadcast, balance
 */
export function partition<T>(
  n: number,
  partitioner: (element: T) => number,
  eagerCancel = false,
): GraphStage<UniformFanOutShape<T, T>> {
  requirePositiveInt('partition', 'n', n);
  requireFunction('partition', 'partitioner', partitioner);
  return new Partition<T>(n, partitioner, eagerCancel);
}

/** @internal Exported for `Sink.combine`, which fuses a partition into fusable sinks. */
export class Partition<T> extends GraphStage<UniformFanOutShape<T, T>> {
  readonly shape: UniformFanOutShape<T, T>;
  constructor(
    n: number,
    readonly partitioner: (element: T) => number,
    readonly eagerCancel: boolean,
  ) {
    super('partition');
    this.shape = UniformFanOutShape.named<T, T>('partition', n);
  }
  createLogic(): GraphStageLogic {
    return new PartitionLogic(this);
  }
}

class PartitionLogic<T> extends GraphStageLogic implements InHandler, IndexedOutputs {
  private readonly in: Inlet<T>;
  private readonly outs: readonly Outlet<T>[];
  /** The element waiting for its output's demand, and that output; -1 when none waits. */
  private held: T | undefined = undefined;
  private heldIndex = -1;
  private running: number;
  constructor(private readonly stage: Partition<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.outs = stage.shape.outlets;
    this.running = this.outs.length;
    this.setHandler(this.in, this);
    this.outs.forEach((outlet, i) => {
      this.setHandler(outlet, new IndexedOutput(this, i));
    });
  }
  onPush(): void {
    const element = this.grab(this.in);
    const index = this.stage.partitioner(element);
    if (!Number.isInteger(index) || index < 0 || index >= this.outs.length) {
      this.failStage(new PartitionOutOfBoundsError(this.label, index, this.outs.length));
      return;
    }
    const outlet = this.outs[index] as Outlet<T>; // range checked above
    if (this.isAvailable(outlet)) {
      this.push(outlet, element);
      if (this.anyAvailable()) this.tryPull(this.in);
    } else if (this.isClosed(outlet)) {
      this.tryPull(this.in);
    } else {
      this.held = element;
      this.heldIndex = index;
    }
  }
  onUpstreamFinish(): void {
    if (this.heldIndex < 0) this.completeStage();
  }
  onOutputPull(index: number): void {
    if (this.heldIndex === index) {
      const element = this.held as T; // set with heldIndex
      this.held = undefined;
      this.heldIndex = -1;
      this.push(this.outs[index] as Outlet<T>, element);
      if (this.isClosed(this.in)) this.completeStage();
      else if (this.anyAvailable()) this.tryPull(this.in);
    } else if (this.heldIndex < 0) {
      this.tryPull(this.in);
    }
  }
  onOutputCancel(index: number, cause: unknown): void {
    if (this.stage.eagerCancel || --this.running === 0) {
      this.cancelStage(cause);
      return;
    }
    if (this.heldIndex === index) {
      this.held = undefined;
      this.heldIndex = -1;
      if (this.isClosed(this.in)) this.completeStage();
      else if (this.anyAvailable()) this.tryPull(this.in);
    }
  }
  private anyAvailable(): boolean {
    for (const outlet of this.outs) if (this.isAvailable(outlet)) return true;
    return false;
  }
}

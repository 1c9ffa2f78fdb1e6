import {
  GraphStageLogic,
  type Inlet,
  type Outlet,
  type OutHandler,
  type UniformFanInShape,
} from '../../core/index.js';
import { IndexedInput, type IndexedInputs } from '../IndexedHandlers.js';

/**
 * @internal The logic shared by `merge`, `mergePreferred` and `mergePrioritized`: every input is
 * pulled at start and again once its element was emitted, so each input holds at most one element
 * (the bound). Subclasses only decide which waiting input goes next.
 */
export abstract class MergeLogic<T> extends GraphStageLogic implements OutHandler, IndexedInputs {
  protected readonly ins: readonly Inlet<T>[];
  protected readonly out: Outlet<T>;
  /** Inputs not yet completed; the stage completes when it is 0 and nothing waits. */
  private running: number;

  constructor(
    shape: UniformFanInShape<T, T>,
    private readonly eagerComplete: boolean,
  ) {
    super(shape);
    this.ins = shape.inlets;
    this.out = shape.out;
    this.running = shape.inlets.length;
    this.ins.forEach((inlet, i) => {
      this.setHandler(inlet, new IndexedInput(this, i));
    });
    this.setHandler(this.out, this);
  }

  /** Records that input `index` holds an element. */
  protected abstract enqueue(index: number): void;
  /** Removes and returns the input to emit from next, or -1 when none waits. */
  protected abstract dequeue(): number;
  /** Whether some input holds an element. */
  protected abstract hasWaiting(): boolean;

  override preStart(): void {
    for (const inlet of this.ins) this.pull(inlet);
  }

  onInputPush(index: number): void {
    this.enqueue(index);
    if (this.isAvailable(this.out)) this.emitNext();
  }

  onInputFinish(): void {
    this.running--;
    if (this.eagerComplete && this.running > 0) {
      // As Pekko: the other inputs are cancelled, but elements already waiting still go out first.
      this.running = 0;
      for (const inlet of this.ins) if (!this.isAvailable(inlet)) this.cancel(inlet);
    }
    if (this.running === 0 && !this.hasWaiting()) this.completeStage();
  }

  onPull(): void {
    this.emitNext();
  }

  private emitNext(): void {
    const index = this.dequeue();
    if (index < 0) return;
    const inlet = this.ins[index] as Inlet<T>; // index < ins.length: it came from enqueue
    this.push(this.out, this.grab(inlet));
    if (this.running > 0) this.tryPull(inlet);
    if (this.running === 0 && !this.hasWaiting()) this.completeStage();
  }
}

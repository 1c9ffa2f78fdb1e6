import {
  GraphStageLogic,
  type InHandler,
  type Inlet,
  type Outlet,
  type OutHandler,
  type UniformFanInShape,
} from '../../core/index.js';

/**
 * @internal The logic shared by `merge`, `mergePreferred` and `mergePrioritized`: every input is
 * pulled at start and again once its element was emitted, so each input holds at most one element
 * (the bound). Subclasses only decide which waiting input goes next.
 *
 * Per element it does what Pekko's merge does, in an order chosen for the interpreter: an input
 * is pulled again before its element is pushed, so when both signals come back to this stage at
 * once (a synchronous input, a downstream that pulls from its `onPush`), the input's next element
 * is seen before downstream's next pull and the choice among waiting inputs is made with it.
 */
export abstract class MergeLogic<T> extends GraphStageLogic implements OutHandler {
  protected readonly ins: readonly Inlet<T>[];
  protected readonly out: Outlet<T>;
  /** Inputs not yet completed; the stage completes when it is 0 and nothing waits. */
  private running: number;
  /** Inputs holding an element that waits for downstream's demand. */
  private waitingCount = 0;
  /** Downstream pulled and nothing was pushed since; kept here so a push needs no port lookup. */
  private demand = false;

  constructor(
    shape: UniformFanInShape<T, T>,
    private readonly eagerComplete: boolean,
  ) {
    super(shape);
    this.ins = shape.inlets;
    this.out = shape.out;
    this.running = shape.inlets.length;
    this.ins.forEach((inlet, i) => {
      this.setHandler(inlet, new MergeInput(this, inlet, i));
    });
    this.setHandler(this.out, this);
  }

  /** Records that input `index` holds an element. */
  protected abstract enqueue(index: number): void;
  /** Removes and returns the input to emit from next; called only while some input waits. */
  protected abstract dequeue(): number;

  override preStart(): void {
    for (const inlet of this.ins) this.pull(inlet);
  }

  /** @internal Input `index` pushed. */
  inputPushed(inlet: Inlet<T>, index: number): void {
    if (!this.demand) {
      this.waitingCount++;
      this.enqueue(index);
      return;
    }
    // Demand implies nothing waits (a pull is answered from the waiting inputs first), so the
    // element goes straight out, whatever the subclass would choose.
    this.demand = false;
    const element = this.grab(inlet);
    if (this.running > 0) this.pull(inlet); // not closed: its completion, if any, comes next
    this.push(this.out, element);
  }

  /** @internal Input `index` completed. */
  inputFinished(): void {
    this.running--;
    if (this.eagerComplete && this.running > 0) {
      // As Pekko: the other inputs are cancelled, but elements already waiting still go out first.
      this.running = 0;
      for (const inlet of this.ins) if (!this.isAvailable(inlet)) this.cancel(inlet);
    }
    if (this.running === 0 && this.waitingCount === 0) this.completeStage();
  }

  onPull(): void {
    if (this.waitingCount === 0) {
      this.demand = true;
      return;
    }
    this.waitingCount--;
    const inlet = this.ins[this.dequeue()] as Inlet<T>; // dequeue returns an index in range
    const element = this.grab(inlet);
    // Pulled before the push: see the class comment. An input that completed with this element
    // waiting is closed by now.
    if (this.running > 0 && !this.isClosed(inlet)) this.pull(inlet);
    this.push(this.out, element);
    if (this.running === 0 && this.waitingCount === 0) this.completeStage();
  }
}

/** The handler of one input: it carries the inlet and its index, so a push looks nothing up. */
class MergeInput<T> implements InHandler {
  constructor(
    private readonly logic: MergeLogic<T>,
    private readonly inlet: Inlet<T>,
    private readonly index: number,
  ) {}
  onPush(): void {
    this.logic.inputPushed(this.inlet, this.index);
  }
  onUpstreamFinish(): void {
    this.logic.inputFinished();
  }
}

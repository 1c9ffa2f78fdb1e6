import type { ExpansionState, StepContext, StepExpansion, StepSink } from '../../core/index.js';

/**
 * @internal What a window step has fired and not yet sent on, emitted as an expansion of the
 * fused chain: as much as demand allows per call, the held-back completion after the last one.
 * Its size is bounded by the open windows (each fires once per turn) plus one late element.
 */
export class OutputQueue<Out> implements StepExpansion {
  // `queue[head, tail)` waits; emptied by resetting the indexes, not the length: setting an
  // array's length to 0 frees its storage in V8, and the next push would allocate it again.
  private readonly queue: (Out | undefined)[] = [];
  private head = 0;
  private tail = 0;
  private isExpanding = false;
  private isCompletionDue = false;
  constructor(
    private readonly downstream: StepSink<Out>,
    private readonly context: StepContext,
  ) {}

  get isEmpty(): boolean {
    return this.head === this.tail;
  }

  push(out: Out): void {
    this.queue[this.tail++] = out;
  }

  /** Starts emitting if anything is queued; returns whether it did. */
  flush(): boolean {
    if (this.isEmpty || this.isExpanding) return false;
    this.isExpanding = true;
    this.context.expand(this);
    return true;
  }

  /** Upstream completed: complete downstream now, or after the last queued element. */
  complete(): void {
    if (this.isEmpty) this.downstream.onComplete();
    else {
      this.isCompletionDue = true;
      this.flush();
    }
  }

  produce(max: number): ExpansionState {
    const queue = this.queue;
    const gate = this.context.gate;
    let n = 0;
    while (this.head < this.tail && n < max && (n === 0 || gate.open)) {
      const out = queue[this.head] as Out; // non-null: head < tail
      queue[this.head++] = undefined;
      this.downstream.onElement(out);
      n++;
    }
    if (this.head < this.tail) return 'more';
    this.head = 0;
    this.tail = 0;
    this.isExpanding = false;
    if (this.isCompletionDue) this.downstream.onComplete();
    return 'done';
  }
}

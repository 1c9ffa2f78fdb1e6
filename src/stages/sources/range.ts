import {
  FusableSource,
  type NotUsed,
  Outlet,
  Source,
  SourceShape,
  type SourceDownstream,
  type SourceStep,
  type StepContext,
  type StepGate,
  type StepSink,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';

/**
 * Emits the integers from `start` to `end` inclusive, `step` apart, on demand.
 * - Emits when: downstream pulls and the range is not exhausted.
 * - Completes when: the last number was emitted.
 * @throws RangeError if `step` is 0 or any argument is not an integer.
 */
export function range(start: number, end: number, step = 1): Source<number, NotUsed> {
  for (const [name, value] of [
    ['start', start],
    ['end', end],
    ['step', step],
  ] as const) {
    if (!Number.isSafeInteger(value))
      throw new RangeError(`Source.range: ${name} must be an integer, got ${value}`);
  }
  if (step === 0) throw new RangeError('Source.range: step must not be 0, got 0');
  return Source.fromGraph(new Range(start, end, step));
}

// A fusable source: before fusable stages it runs as the loop head of one fused logic.
class Range extends FusableSource<number> {
  readonly shape = new SourceShape(new Outlet<number>('range.out'));
  constructor(
    readonly start: number,
    readonly end: number,
    readonly step: number,
  ) {
    super('range');
  }
  createSourceStep(downstream: SourceDownstream<number>, context: StepContext): SourceStep {
    return new RangeStep(this, downstream, context.gate);
  }
}

// Elements go straight to the first step (`downstream.next`); the completion to `downstream`.
class RangeStep implements SourceStep {
  private value: number;
  private readonly end: number;
  private readonly step: number;
  private readonly next: StepSink<number>;
  constructor(
    stage: Range,
    private readonly downstream: SourceDownstream<number>,
    private readonly gate: StepGate,
  ) {
    this.value = stage.start;
    this.end = stage.end;
    this.step = stage.step;
    this.next = downstream.next;
  }
  private exhausted(): boolean {
    return this.step > 0 ? this.value > this.end : this.value < this.end;
  }
  onStart(): void {
    if (this.exhausted()) this.downstream.onComplete();
  }
  produce(): void {
    const value = this.value;
    this.value = value + this.step;
    this.next.onElement(value);
    if (this.exhausted()) this.downstream.onComplete();
  }
  // The count left is worked out once, so the loop tests a counter instead of the range's bounds,
  // and the position lives in a local, stored back once: nothing the steps do reads it mid-burst
  // (a step that throws fails the chain, which asks nothing of the source again).
  produceBurst(max: number): number {
    const next = this.next;
    const step = this.step;
    const gate = this.gate;
    const left = Math.floor((this.end - this.value) / step) + 1;
    const last = left < max ? left : max;
    let value = this.value;
    let emitted = 0;
    do {
      emitted++;
      next.onElement(value);
      value += step;
    } while (emitted < last && gate.open);
    this.value = value;
    if (emitted === left) this.downstream.onComplete();
    return emitted;
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The integers from `start` to `end` inclusive; see {@link range}. */
    function range(start: number, end: number, step?: number): Source<number, NotUsed>;
  }
}
addSourceFactory('range', range);

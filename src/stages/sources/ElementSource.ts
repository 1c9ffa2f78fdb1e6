import {
  FusableSource,
  type NotUsed,
  Outlet,
  Source,
  SourceShape,
  type SourceStep,
  type StepContext,
  type StepGate,
  type StepSink,
} from '../../core/index.js';

/**
 * @internal Refuses `undefined` and `null` as the element of a source (`Source.single`,
 * `Source.repeat`, `Source.tick`): they are not stream elements.
 * @throws TypeError naming `operator`.
 */
export function requireElement(operator: string, element: unknown): void {
  if (element === undefined || element === null) {
    throw new TypeError(`${operator}: element must not be ${String(element)}`);
  }
}

/**
 * @internal The source of `Source.single` (`isOnce`: emit `element` on the first pull, then
 * complete) and `Source.repeat` (emit it on every pull, forever), checked and built.
 */
export function elementSource<T>(
  name: 'single' | 'repeat',
  element: T,
  isOnce: boolean,
): Source<T, NotUsed> {
  requireElement(`Source.${name}`, element);
  return Source.fromGraph(new ElementSource(name, element, isOnce));
}

// A fusable source, so `flatMapConcat((x) => Source.single(x))` runs its inner sources as steps.
class ElementSource<T> extends FusableSource<T> {
  readonly shape: SourceShape<T>;
  constructor(
    name: string,
    readonly element: T,
    readonly isOnce: boolean,
  ) {
    super(name);
    this.shape = new SourceShape(new Outlet<T>(`${name}.out`));
  }
  createSourceStep(downstream: StepSink<T>, context: StepContext): SourceStep {
    return new ElementSourceStep(this.element, this.isOnce, downstream, context.gate);
  }
}

class ElementSourceStep<T> implements SourceStep {
  constructor(
    private readonly element: T,
    private readonly isOnce: boolean,
    private readonly downstream: StepSink<T>,
    private readonly gate: StepGate,
  ) {}
  produce(): void {
    this.downstream.onElement(this.element);
    if (this.isOnce) this.downstream.onComplete();
  }
  produceBurst(max: number): number {
    if (this.isOnce) {
      this.produce();
      return 1;
    }
    let emitted = 0;
    do {
      emitted++;
      this.downstream.onElement(this.element);
    } while (emitted < max && this.gate.open);
    return emitted;
  }
}

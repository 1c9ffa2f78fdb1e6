import {
  FusableSource,
  type NotUsed,
  Outlet,
  requireFunction,
  Source,
  SourceShape,
  type SourceStep,
  type StepContext,
  type StepSink,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';

/**
 * Calls `create` on the first pull and emits its result, then completes; fails if `create` throws.
 * `create` runs once per materialization, and not at all if the stream ends before a pull.
 * - Emits when: downstream pulls for the first time.
 * - Completes when: the element was emitted.
 * @throws TypeError if `create` is not a function.
 * @see single, lazyFuture, lazySource
 */
export function lazySingle<T>(create: () => T): Source<T, NotUsed> {
  requireFunction('Source.lazySingle', 'create', create);
  return Source.fromGraph(new LazySingle(create));
}

class LazySingle<T> extends FusableSource<T> {
  readonly shape = new SourceShape(new Outlet<T>('lazySingle.out'));
  constructor(readonly create: () => T) {
    super('lazySingle');
  }
  createSourceStep(downstream: StepSink<T>, context: StepContext): SourceStep {
    return new LazySingleStep(this.create, downstream, context);
  }
}

class LazySingleStep<T> implements SourceStep {
  constructor(
    private readonly create: () => T,
    private readonly downstream: StepSink<T>,
    private readonly context: StepContext,
  ) {}
  produce(): void {
    const element = this.create();
    if (element === undefined || element === null) throw this.context.illegalElement(element);
    this.downstream.onElement(element);
    this.downstream.onComplete();
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** One element created on the first pull; see {@link lazySingle}. */
    function lazySingle<T>(create: () => T): Source<T, NotUsed>;
  }
}
addSourceFactory('lazySingle', lazySingle);

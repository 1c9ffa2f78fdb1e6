import {
  type ExpansionState,
  type Graph,
  type SourceChain,
  type SourceRun,
  type SourceShape,
  type StepContext,
  type StepExpansion,
  type StepSink,
} from '../../core/index.js';
import { chainsOf } from './chainsOf.js';
import { FanInChains } from './FanInChains.js';

/**
 * @internal The fused form of `concat`, `concatLazy`, `concatAllLazy` and `orElse` when every
 * source to append is a plain chain of fusable stages ({@link SourceChain}): a step that passes
 * upstream's elements on and, once upstream completed, runs the chains one after the other as an
 * expansion of its own chain. No junction, no port: an appended element costs what an element of
 * `flatMapConcat`'s inner chain does.
 *
 * A chain is started only when its turn comes. That is what `concatLazy` promises; for `concat`
 * and `orElse`, which start their inputs with the stream, nothing tells the two apart, since a
 * fused chain does nothing before its first element is asked for, cannot complete or fail before
 * then, and has no materialized value to give.
 */
export class ConcatChains<T> extends FanInChains<T> {
  private constructor(
    chains: readonly SourceChain<T>[],
    readonly onlyIfEmpty: boolean,
    name: string,
  ) {
    super(chains, name, 'in');
  }

  /**
   * The fused stage for `those`, or `undefined` when one of them is not a plain fused chain.
   * `onlyIfEmpty` is `orElse`: the chains run only after an upstream that emitted nothing.
   */
  static of<T>(
    those: readonly Graph<SourceShape<T>, unknown>[],
    onlyIfEmpty: boolean,
    name: string,
  ): ConcatChains<T> | undefined {
    const chains = chainsOf(those);
    return chains === undefined ? undefined : new ConcatChains(chains, onlyIfEmpty, name);
  }

  createStep(downstream: StepSink<T>, context: StepContext): StepSink<T> {
    return this.onlyIfEmpty
      ? new OrElseStep(this.chains, downstream, context)
      : new ConcatStep(this.chains, downstream, context);
  }
}

/** Passes upstream on, then runs the chains in turn: the expansion its completion starts. */
class ConcatStep<T> implements StepSink<T>, StepExpansion {
  private run: SourceRun | undefined = undefined;
  private next = 0;
  constructor(
    private readonly chains: readonly SourceChain<T>[],
    protected readonly downstream: StepSink<T>,
    private readonly context: StepContext,
  ) {}

  onElement(element: T): void {
    this.downstream.onElement(element);
  }

  onComplete(): void {
    this.startChains();
  }

  protected startChains(): void {
    if (this.chains.length === 0) {
      this.downstream.onComplete();
      return;
    }
    // Expanding first puts this step below any expansion the chain starts (a scan's seed into a
    // mapConcat), so that one runs first, as in flatMapConcat.
    this.context.expand(this);
    this.startNext();
  }

  /** Starts the next chain; its start may emit one element (a scan's seed). */
  private startNext(): void {
    const chain = this.chains[this.next++] as SourceChain<T>; // non-null: not past the last
    this.run = chain.start(this.downstream, this.context);
  }

  produce(max: number): ExpansionState {
    const run = this.run;
    if (run === undefined) {
      // A later chain starts on the demand after the one before ended, which may have emitted.
      if (max !== 0) this.startNext();
      return 'more';
    }
    if (run.produce(max)) return 'more';
    run.stop();
    this.run = undefined;
    if (this.next < this.chains.length) return 'more';
    this.downstream.onComplete();
    return 'done';
  }

  onStop(): void {
    this.run?.stop();
  }
}

/** `orElse`: the chains run only if upstream completed without an element. */
class OrElseStep<T> extends ConcatStep<T> {
  private emitted = false;

  override onElement(element: T): void {
    this.emitted = true;
    this.downstream.onElement(element);
  }

  override onComplete(): void {
    if (this.emitted) this.downstream.onComplete();
    else this.startChains();
  }
}

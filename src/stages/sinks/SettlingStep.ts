import { AbruptTerminationError, type SinkStep, type StepContext } from '../../core/index.js';
import type { Deferred } from '../Deferred.js';

/**
 * @internal A sink step whose materialized value is settled once: with `finish()` at completion
 * (a throw rejects it), with the failure when the chain fails, or with an
 * `AbruptTerminationError` when the chain stops before either.
 */
export abstract class SettlingStep<In, R> implements SinkStep<In> {
  // It ends the chain itself, so the chain calls it with no wrapper watching for completion.
  readonly endsChainOnComplete = true;
  constructor(
    private readonly result: Deferred<R>,
    protected readonly context: StepContext,
  ) {}
  abstract onElement(element: In): void;
  /** The materialized value at completion. */
  protected abstract finish(): R;
  onComplete(): void {
    if (this.result.isSettled) return;
    try {
      this.result.resolve(this.finish());
    } catch (error) {
      this.result.reject(error);
    }
    this.context.cancelUpstream();
  }
  // Upstream failed, a step threw, or the materializer shut down: reject with that cause.
  onError(error: unknown): void {
    this.result.reject(error);
  }
  onStop(): void {
    // Settled already in almost every run: build no error (and capture no stack) for nothing.
    if (this.result.isSettled) return;
    this.result.reject(
      new AbruptTerminationError(`${this.context.label}: the stream stopped before it completed`),
    );
  }
}

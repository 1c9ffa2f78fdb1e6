import type { AsyncCallback } from '../../core/index.js';

/** Where an {@link Inflight} is in its life. */
export const Pending = 0;
export const Succeeded = 1;
export const Failed = 2;

/**
 * @internal One async call of a `mapAsync`-family stage: the input it was made for, and then its
 * result. A stage preallocates `parallelism` of these and reuses them, and their `resolve` and
 * `reject` are bound once, so a call allocates nothing of ours beyond what `then` itself does. A
 * holder is reused only after its promise settled and its result was taken, so a late settlement
 * can never land in a recycled holder.
 */
export class Inflight<In, Out> {
  status: number = Pending;
  input: In | undefined = undefined;
  result: Out | undefined = undefined;
  error: unknown = undefined;
  /** For `mapAsyncPartitioned`: the partition key, and whether the call has been started. */
  partition: unknown = undefined;
  isStarted = false;
  readonly resolve = (value: Out): void => {
    this.status = Succeeded;
    this.result = value;
    this.done.invoke(this);
  };
  readonly reject = (error: unknown): void => {
    this.status = Failed;
    this.error = error;
    this.done.invoke(this);
  };
  constructor(private readonly done: AsyncCallback<Inflight<In, Out>>) {}

  /** Starts the call: `then` on whatever `f` returned (a promise or a plain value). */
  start(result: PromiseLike<Out> | Out): void {
    this.status = Pending;
    this.isStarted = true;
    Promise.resolve(result).then(this.resolve, this.reject);
  }

  /** Clears the holder for reuse. */
  reset(): void {
    this.status = Pending;
    this.input = undefined;
    this.result = undefined;
    this.error = undefined;
    this.partition = undefined;
    this.isStarted = false;
  }
}

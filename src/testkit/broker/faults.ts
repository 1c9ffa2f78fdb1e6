/**
 * Fault injection for tests, after kfake's ControlKey/SleepControl: fail the next requests
 * of an API with an error code, or hold its responses back for a while.
 */
export class Faults {
  /** apiKey → queue of error codes still to hand out, one per request. */
  private readonly failures = new Map<number, number[]>();
  private readonly delays = new Map<number, number>();
  /** apiKey → how many more of its answers are lost to a dropped connection. */
  private readonly drops = new Map<number, number>();

  /** The next `count` requests of `apiKey` (on any broker) are answered with `errorCode`. */
  failNext(apiKey: number, errorCode: number, count: number): void {
    const queue = this.failures.get(apiKey) ?? [];
    for (let i = 0; i < count; i++) queue.push(errorCode);
    this.failures.set(apiKey, queue);
  }

  /** Takes the error code for this request of `apiKey`, if one is queued. */
  takeFailure(apiKey: number): number | undefined {
    const queue = this.failures.get(apiKey);
    const code = queue?.shift();
    if (queue?.length === 0) this.failures.delete(apiKey);
    return code;
  }

  /**
   * The next `count` requests of `apiKey` are handled, but their connection closes instead of
   * answering: the broker acted on each request and its client never learns the outcome.
   */
  dropAfterNext(apiKey: number, count: number): void {
    this.drops.set(apiKey, (this.drops.get(apiKey) ?? 0) + count);
  }

  /** Whether this request's answer of `apiKey` is to be lost; counts it if so. */
  takeDrop(apiKey: number): boolean {
    const left = this.drops.get(apiKey);
    if (left === undefined) return false;
    if (left <= 1) this.drops.delete(apiKey);
    else this.drops.set(apiKey, left - 1);
    return true;
  }

  /** Responses to `apiKey` are sent `ms` after they are ready; 0 removes the delay. */
  delayResponses(apiKey: number, ms: number): void {
    if (ms > 0) this.delays.set(apiKey, ms);
    else this.delays.delete(apiKey);
  }

  delayFor(apiKey: number): number {
    return this.delays.get(apiKey) ?? 0;
  }
}

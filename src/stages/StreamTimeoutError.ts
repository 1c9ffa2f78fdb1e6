/** A timeout operator (`idleTimeout`, `completionTimeout`, ...) fired. */
export class StreamTimeoutError extends Error {
  override readonly name = 'StreamTimeoutError';
  constructor(
    message: string,
    /** The timeout, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

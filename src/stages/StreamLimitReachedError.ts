/** `limit` or `limitWeighted` saw more elements (or weight) than allowed. */
export class StreamLimitReachedError extends Error {
  override readonly name = 'StreamLimitReachedError';
  constructor(
    message: string,
    /** The configured maximum. */
    readonly max: number,
  ) {
    super(message);
  }
}

/** A pattern that cannot be matched, refused when it is built; names the offending step. */
export class MalformedPatternError extends Error {
  override readonly name = 'MalformedPatternError';
  constructor(
    /** The step the problem is at. */
    readonly step: string,
    message: string,
  ) {
    super(`Pattern: step '${step}' ${message}`);
  }
}

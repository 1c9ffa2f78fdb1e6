/** A framing stage met an oversized frame or a truncated last frame; `stage` names it. */
export class FramingError extends Error {
  override readonly name = 'FramingError';
  constructor(
    readonly stage: string,
    reason: string,
  ) {
    super(`${stage}: ${reason}`);
  }
}

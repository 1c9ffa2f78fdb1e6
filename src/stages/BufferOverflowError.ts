/** A buffer with the `fail` overflow strategy received an element while full. */
export class BufferOverflowError extends Error {
  override readonly name = 'BufferOverflowError';
  constructor(
    message: string,
    /** The bound that was exceeded. */
    readonly capacity: number,
  ) {
    super(message);
  }
}

/**
 * A watermark: the assertion that no more elements with a timestamp at or below `timestamp` are
 * expected. It travels in an event-time stream ({@link EventTimeElement}) between stages, so that
 * fan-in can take the minimum over its inputs and a window or pattern operator can fire on it.
 * An idle watermark (`isIdle`) says its input has gone quiet: a merge leaves it out of the minimum
 * until it carries elements again.
 */
export class Watermark {
  constructor(
    /** Event time in milliseconds; windows ending at or before `timestamp + 1` may fire. */
    readonly timestamp: number,
    /** The input went quiet: it holds no other input's watermark back. */
    readonly isIdle = false,
  ) {}

  /** The watermark that ends event time: every window fires. */
  static readonly max = new Watermark(Number.MAX_SAFE_INTEGER);

  /**
   * Whether `x` (an element of a stream, so neither `null` nor `undefined`) is a watermark. Reads
   * `x.constructor` rather than using `instanceof`: on an element whose shape the optimizer has
   * not yet checked, `instanceof` walks the prototype chain in a call, which cost a window step's
   * hot path more than its key lookup.
   */
  static is<T>(x: T | Watermark): x is Watermark {
    return (x as { readonly constructor?: unknown }).constructor === Watermark;
  }
}

/**
 * An element of an event-time stream: a data element or a {@link Watermark}. Window and pattern
 * operators accept it; ordinary operators see only data elements as long as watermarks are
 * generated inside the operator (its `watermark` option) rather than upstream.
 */
export type EventTimeElement<T> = T | Watermark;

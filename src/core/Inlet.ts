/**
 * A typed input port of a stage's shape. Ports are created once per stage blueprint; the runtime
 * addresses them by `id`, their index in the shape, so a blueprint can be materialized many times.
 */
export class Inlet<T> {
  /**
   * Phantom field that keeps `Inlet<A>` and `Inlet<B>` apart for the type checker. It is typed as a
   * consumer of `T`, so an inlet (and every shape, sink and flow input built on it) is
   * contravariant: an `Inlet<never>` takes a `number`, as Pekko's `SinkShape[-T]` does.
   */
  declare readonly __element?: (element: T) => void;
  /** Index of this port among its shape's inlets; assigned by the shape. */
  id = -1;
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

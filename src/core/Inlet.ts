/**
 * A typed input port of a stage's shape. Ports are created once per stage blueprint; the runtime
 * addresses them by `id`, their index in the shape, so a blueprint can be materialized many times.
 */
export class Inlet<T> {
  /** Phantom field that keeps `Inlet<A>` and `Inlet<B>` apart for the type checker. */
  declare readonly __element?: T;
  /** Index of this port among its shape's inlets; assigned by the shape. */
  id = -1;
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

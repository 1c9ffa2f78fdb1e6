/**
 * A typed input port of a stage's shape. Ports are created once per stage blueprint; the runtime
 * addresses them by `id`, their index in the shape, so a blueprint can be materialized many times.
 */
export class Inlet<T> {
  /**
   * Phantom field that keeps `Inlet<A>` and `Inlet<B>` apart for the type checker. A method
   * parameter is checked both ways, so an inlet of a wider type fits a narrower source (a sink of
   * `Envelope<string, V>` takes a source of `Envelope<never, V>`), and `Inlet<T>` still widens to
   * `Inlet<unknown>`; unrelated types stay apart.
   */
  declare readonly __element?: InletElement<T>;
  /** Index of this port among its shape's inlets; assigned by the shape. */
  id = -1;
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

/** @internal The phantom carrier of an inlet's element type; see {@link Inlet}. */
export interface InletElement<T> {
  accept(element: T): void;
}

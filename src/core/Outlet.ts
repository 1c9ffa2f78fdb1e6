/**
 * A typed output port of a stage's shape. See {@link Inlet} for how ports are addressed.
 */
export class Outlet<T> {
  /** Phantom field that keeps `Outlet<A>` and `Outlet<B>` apart for the type checker. */
  declare readonly __element?: T;
  /** Index of this port among its shape's outlets; assigned by the shape. */
  id = -1;
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

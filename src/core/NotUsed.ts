/** The materialized value of a stage that has nothing to hand back (Akka's `NotUsed`). */
export const NotUsed: unique symbol = Symbol('NotUsed');
/** The type of {@link NotUsed}. */
export type NotUsed = typeof NotUsed;

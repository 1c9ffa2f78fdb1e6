import { NotUsed } from './NotUsed.js';

/** Combiners for materialized values, for `viaMat` and `toMat`. */
export const Keep = {
  /** The left (upstream) value. */
  left: <L, R>(left: L, _right: R): L => left,
  /** The right (downstream) value. */
  right: <L, R>(_left: L, right: R): R => right,
  /** Both, as a pair. */
  both: <L, R>(left: L, right: R): [L, R] => [left, right],
  /** Neither. */
  none: <L, R>(_left: L, _right: R): NotUsed => NotUsed,
} as const;

import type { Attributes, Decider } from '../core/index.js';

/** The decider a stage materialized with, or `undefined` for the default (stop on every error). */
export function deciderOf(attributes: Attributes): Decider | undefined {
  return attributes.get('supervisionStrategy');
}

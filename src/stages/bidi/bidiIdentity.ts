import { BidiFlow, type NotUsed } from '../../core/index.js';
import { identity } from '../flows/identity.js';

/**
 * A BidiFlow that passes elements unchanged in both directions: the neutral layer of a stack, so
 * `BidiFlow.identity<A, B>().atop(layer)` behaves like `layer`.
 * - Emits when: upstream pushes (in either direction).
 * - Backpressures when: that direction's downstream backpressures.
 * - Completes when: that direction's upstream completes.
 * - Cancels when: that direction's downstream cancels.
 */
export function bidiIdentity<A, B>(): BidiFlow<A, A, B, B, NotUsed> {
  return BidiFlow.fromFlows(identity<A>(), identity<B>());
}

declare module '../../core/BidiFlow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the BidiFlow class
  namespace BidiFlow {
    /** A BidiFlow passing both directions unchanged; see {@link bidiIdentity}. */
    function identity<A, B>(): BidiFlow<A, A, B, B, NotUsed>;
  }
}
Object.defineProperty(BidiFlow, 'identity', {
  value: bidiIdentity,
  writable: true,
  configurable: true,
});

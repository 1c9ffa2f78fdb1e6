import { BidiFlow, type NotUsed, requireFunction } from '../../core/index.js';
import { map } from '../flows/map.js';

/**
 * A BidiFlow of two stateless functions: `top` maps each element going down, `bottom` each element
 * going up (an encoder and its decoder). Each direction is a fusable `map`.
 * - Emits when: the function returns (in either direction).
 * - Backpressures when: that direction's downstream backpressures.
 * - Completes when: that direction's upstream completes.
 * - Cancels when: that direction's downstream cancels.
 * @throws TypeError if `top` or `bottom` is not a function.
 * @example
 * ```ts
 * const codec = BidiFlow.fromFunctions((n: number) => String(n), (s: string) => Number(s));
 * ```
 */
export function bidiFromFunctions<I1, O1, I2, O2>(
  top: (element: I1) => O1,
  bottom: (element: I2) => O2,
): BidiFlow<I1, O1, I2, O2, NotUsed> {
  requireFunction('BidiFlow.fromFunctions', 'top', top);
  requireFunction('BidiFlow.fromFunctions', 'bottom', bottom);
  return BidiFlow.fromFlows(map(top), map(bottom));
}

declare module '../../core/BidiFlow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the BidiFlow class
  namespace BidiFlow {
    /** A BidiFlow mapping down with `top` and up with `bottom`; see {@link bidiFromFunctions}. */
    function fromFunctions<I1, O1, I2, O2>(
      top: (element: I1) => O1,
      bottom: (element: I2) => O2,
    ): BidiFlow<I1, O1, I2, O2, NotUsed>;
  }
}
Object.defineProperty(BidiFlow, 'fromFunctions', {
  value: bidiFromFunctions,
  writable: true,
  configurable: true,
});

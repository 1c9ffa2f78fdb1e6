import type { TimeWindow } from '../TimeWindow.js';

/** @internal Whether a window ends at all: a global window's end is `Number.MAX_SAFE_INTEGER`. */
export function hasEnd(window: TimeWindow): boolean {
  return window.end < Number.MAX_SAFE_INTEGER;
}

/** @internal A trigger's "no time set" in a state field. */
export const unset = Number.MAX_SAFE_INTEGER;
